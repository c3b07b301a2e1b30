using System.Reflection;
using System.Text.Json;
using PolicyEngine.Engine.Documents;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// Reads a JSON request body with a size limit and turns serializer failures into per-field
/// errors keyed by JSON path, naming the type the field expects.
/// </summary>
public static class JsonBodyReader
{
    /// <summary>Largest accepted case or evidence body: room for an evidence record with per-class metrics.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public sealed record Result<T>(T? Value, IReadOnlyDictionary<string, string[]>? Errors, bool TooLarge);

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new Result<T>(null, null, TooLarge: true);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return new Result<T>(null, null, TooLarge: true);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Failed<T>("$", "The request body is empty; send a JSON object.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), EngineJson.Options);
            return value is null ? Failed<T>("$", "The request body is null; send a JSON object.") : new Result<T>(value, null, false);
        }
        catch (JsonException ex) when (IsSyntaxError(ex))
        {
            return Failed<T>("$", $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}); send one JSON object.");
        }
        catch (JsonException ex)
        {
            return Failed<T>(ex.Path ?? "$", Describe(ex, typeof(T)));
        }
    }

    private static Result<T> Failed<T>(string path, string message)
        where T : class
    {
        string field = path is "$" or "" ? "$" : path.TrimStart('$', '.');
        return new Result<T>(null, new Dictionary<string, string[]> { [field] = [message] }, false);
    }

    /// <summary>
    /// Tells text that is not JSON at all from JSON of the wrong shape: System.Text.Json wraps
    /// its reader's syntax errors, and only those, in an internal JsonReaderException.
    /// </summary>
    private static bool IsSyntaxError(JsonException ex) =>
        ex.InnerException?.GetType().Name == "JsonReaderException";

    private static string Describe(JsonException ex, Type root)
    {
        string path = ex.Path ?? "$";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"{path.TrimStart('$', '.')} is not a known field; check its spelling against schemas/case.schema.json.";
        }

        if (ex.LineNumber is null || FindType(root, path) is not { } expected)
        {
            string where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            return $"The body is not valid JSON{where}; send a JSON object as described in schemas/case.schema.json.";
        }

        return $"{path.TrimStart('$', '.')} must be {expected}.";
    }

    /// <summary>Follows a JSON path such as <c>$.damage.amount</c> through the document type to describe the expected value.</summary>
    private static string? FindType(Type root, string path)
    {
        Type current = root;
        foreach (string segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            current = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return current == root ? null : DescribeType(current);
    }

    private static string DescribeType(Type type) => type switch
    {
        _ when type == typeof(decimal) || type == typeof(double) => "a JSON number (not a string)",
        _ when type == typeof(int) => "a whole JSON number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(DateOnly) => "a date as a string in the form YYYY-MM-DD",
        _ when type == typeof(string) => "a JSON string",
        _ when type == typeof(JsonElement) => "a JSON object",
        _ => "a JSON object",
    };
}
