using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// Finds the line of a JSON path such as <c>$.Rules[2].Properties.party</c> in a JSON text, so
/// that the editor can show each problem beside the line it is about. Paths are written as the
/// engine writes them: <c>.name</c> for plain member names, <c>['name']</c> otherwise, and
/// <c>[i]</c> for array items.
/// </summary>
public sealed partial class JsonLineLocator
{
    private readonly Dictionary<string, int> _lines;

    private JsonLineLocator(Dictionary<string, int> lines) => _lines = lines;

    /// <summary>
    /// Indexes every member and array item of <paramref name="json"/> by path. Text that is not
    /// valid JSON is indexed up to the first error, and <see cref="SyntaxErrorLine"/> is that error's line.
    /// </summary>
    public static JsonLineLocator Index(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { ["$"] = 1 };
        int? syntaxErrorLine = null;
        try
        {
            Walk(utf8, lines);
        }
        catch (JsonException ex)
        {
            // LineNumber counts from 0.
            syntaxErrorLine = (int)(ex.LineNumber ?? 0) + 1;
        }

        return new JsonLineLocator(lines) { SyntaxErrorLine = syntaxErrorLine };
    }

    /// <summary>The line, from 1, of the first syntax error, or null when the text is valid JSON.</summary>
    public int? SyntaxErrorLine { get; private init; }

    /// <summary>
    /// Returns the line, from 1, where <paramref name="path"/> starts. For a path the text lacks,
    /// such as a required member that is missing, returns the line of its nearest enclosing value.
    /// Returns null for a path that is not in the engine's form.
    /// </summary>
    public int? LineOf(string path)
    {
        string current = path;
        while (true)
        {
            if (_lines.TryGetValue(current, out int line))
            {
                return line;
            }

            int cut = LastSegmentStart(current);
            if (cut <= 0)
            {
                return null;
            }

            current = current[..cut];
        }
    }

    /// <summary>Returns <c>.name</c>, or <c>['name']</c> when the name is not a plain identifier, as the engine writes it.</summary>
    public static string MemberSegment(string name) =>
        PlainMemberName().IsMatch(name) ? "." + name : $"['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static void Walk(byte[] utf8, Dictionary<string, int> lines)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var lineCounter = new LineCounter(utf8);

        // One frame per open object or array: the path of the container, and for arrays the next index.
        var frames = new Stack<(string Path, bool IsArray, int NextIndex)>();
        string? pendingMember = null;
        while (reader.Read())
        {
            int line = lineCounter.LineAt(reader.TokenStartIndex);
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingMember = frames.Peek().Path + MemberSegment(reader.GetString()!);
                lines.TryAdd(pendingMember, line);
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.Pop();
                continue;
            }

            string valuePath = ValuePath(frames, ref pendingMember, line, lines);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Push((valuePath, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
    }

    /// <summary>Returns the path of the value that starts now, recording the line of an array item.</summary>
    private static string ValuePath(
        Stack<(string Path, bool IsArray, int NextIndex)> frames, ref string? pendingMember, int line, Dictionary<string, int> lines)
    {
        if (frames.Count == 0)
        {
            return "$";
        }

        var (path, isArray, nextIndex) = frames.Pop();
        if (!isArray)
        {
            frames.Push((path, isArray, nextIndex));
            string member = pendingMember!;
            pendingMember = null;
            return member;
        }

        frames.Push((path, isArray, nextIndex + 1));
        string item = $"{path}[{nextIndex}]";
        lines.TryAdd(item, line);
        return item;
    }

    private static int LastSegmentStart(string path)
    {
        if (path.EndsWith(']'))
        {
            // A segment in brackets is an index such as [3] or a quoted name such as ['a b'].
            // NOTE: a quoted name that itself contains "['" is cut at the wrong place, and its
            // problem is then shown on the line of an enclosing value.
            var index = IndexSegment().Match(path);
            return index.Success ? index.Index : path.LastIndexOf("['", StringComparison.Ordinal);
        }

        return path.LastIndexOf('.');
    }

    /// <summary>Counts line feeds up to a byte offset, moving forward only, as the reader does.</summary>
    private sealed class LineCounter(byte[] utf8)
    {
        private int _offset;
        private int _line = 1;

        public int LineAt(long offset)
        {
            for (; _offset < offset && _offset < utf8.Length; _offset++)
            {
                if (utf8[_offset] == (byte)'\n')
                {
                    _line++;
                }
            }

            return _line;
        }
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainMemberName();

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex IndexSegment();
}
