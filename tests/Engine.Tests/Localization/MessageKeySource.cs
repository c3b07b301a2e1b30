using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PolicyEngine.Engine.Tests.Localization;

/// <summary>A message key passed to EngineText in the Engine's sources; <see cref="Method"/> is Get or Format.</summary>
internal sealed record MessageKey(string Text, string Method, string File);

/// <summary>
/// Reads the keys the Engine's sources pass to EngineText.Get and EngineText.Format, and the
/// entries of the translation files, from the source folder whose path the build stores in the
/// test assembly's metadata.
/// </summary>
internal static partial class MessageKeySource
{
    public static string EngineFolder { get; } = typeof(MessageKeySource).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "EngineFolder").Value!;

    [GeneratedRegex(@"EngineText\.(?<method>Get|Format)\(")]
    private static partial Regex Call();

    /// <summary>
    /// Returns every key in the sources, and the calls whose first argument is not a string
    /// literal (or literals joined with +), which a source scan cannot check.
    /// </summary>
    public static (List<MessageKey> Keys, List<string> NonLiteralCalls) Scan()
    {
        var keys = new List<MessageKey>();
        var nonLiteral = new List<string>();
        foreach (string file in Directory.GetFiles(EngineFolder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(EngineFolder, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            string source = File.ReadAllText(file);
            foreach (Match call in Call().Matches(source))
            {
                if (ReadLiterals(source, call.Index + call.Length) is { } key)
                {
                    keys.Add(new MessageKey(key, call.Groups["method"].Value, relative));
                }
                else
                {
                    int line = source.AsSpan(0, call.Index).Count('\n') + 1;
                    nonLiteral.Add($"{relative}:{line}");
                }
            }
        }

        return (keys, nonLiteral);
    }

    /// <summary>Returns the name and value of every data entry of a resx file.</summary>
    public static Dictionary<string, string> ReadResx(string fileName)
    {
        var document = XDocument.Load(Path.Combine(EngineFolder, "Resources", fileName));
        return document.Root!.Elements("data").ToDictionary(
            d => (string)d.Attribute("name")!,
            d => (string)d.Element("value")!,
            StringComparer.Ordinal);
    }

    /// <summary>Returns the distinct descriptions of schemas/rule-set.schema.json, leaving out its example documents.</summary>
    public static List<string> ReadSchemaDescriptions()
    {
        string path = Path.Combine(EngineFolder, "..", "schemas", "rule-set.schema.json");
        var descriptions = new List<string>();
        Collect(JsonNode.Parse(File.ReadAllText(path)), descriptions);
        return descriptions.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(JsonNode? node, List<string> descriptions)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    if (name == "description" && value is JsonValue text && text.TryGetValue(out string? description))
                    {
                        descriptions.Add(description);
                    }
                    else if (name != "examples")
                    {
                        Collect(value, descriptions);
                    }
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Collect(item, descriptions);
                }

                break;
        }
    }

    /// <summary>Reads string literals joined by + from <paramref name="start"/>, or returns null when the argument is something else.</summary>
    private static string? ReadLiterals(string source, int start)
    {
        var text = new StringBuilder();
        int i = SkipWhiteSpace(source, start);
        while (i < source.Length && source[i] == '"')
        {
            i = ReadLiteral(source, i + 1, text);
            int next = SkipWhiteSpace(source, i);
            if (next >= source.Length || source[next] != '+')
            {
                return text.ToString();
            }

            i = SkipWhiteSpace(source, next + 1);
        }

        return null;
    }

    /// <summary>Appends the content of a regular string literal that starts after its opening quote; returns the index after its closing quote.</summary>
    private static int ReadLiteral(string source, int i, StringBuilder text)
    {
        while (source[i] != '"')
        {
            if (source[i] != '\\')
            {
                text.Append(source[i++]);
                continue;
            }

            char escaped = source[i + 1];
            if (escaped == 'u')
            {
                text.Append((char)Convert.ToInt32(source.Substring(i + 2, 4), 16));
                i += 6;
                continue;
            }

            text.Append(escaped switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                _ => escaped,
            });
            i += 2;
        }

        return i + 1;
    }

    private static int SkipWhiteSpace(string source, int i)
    {
        while (i < source.Length && char.IsWhiteSpace(source[i]))
        {
            i++;
        }

        return i;
    }
}
