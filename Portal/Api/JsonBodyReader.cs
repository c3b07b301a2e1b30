using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// Reads a JSON request body with a size limit and turns serializer failures into per-field
/// errors keyed by field path (<c>damage.amount</c>), naming the value sent and the type expected.
/// Messages are in the request's language: English unless the client sends Accept-Language for
/// another language the portal offers.
/// </summary>
public static class JsonBodyReader
{
    /// <summary>Largest accepted case body: room for inline evidence with per-class metrics of some dozens of classes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const int MaxShownValueLength = 40;

    public sealed record Result<T>(T? Value, IReadOnlyDictionary<string, string[]>? Errors, bool TooLarge);

    /// <summary>
    /// Reads and deserializes the body. <paramref name="schema"/> names the JSON Schema that error
    /// messages point the client to.
    /// </summary>
    public static async Task<Result<T>> ReadAsync<T>(
        HttpRequest request, CancellationToken cancellationToken, string schema = "schemas/case.schema.json", long maxBytes = MaxBodyBytes)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return new Result<T>(null, null, TooLarge: true);
        }

        var text = request.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(JsonBodyReader));
        byte[]? body;
        try
        {
            body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel rejects broken framing (a bad chunk size, a body shorter than its Content-Length).
            return Failed<T>("$", text["The request body could not be read: {0} Send a complete JSON body.", ex.Message]);
        }
        catch (BadHttpRequestException)
        {
            body = null;
        }

        return body is null ? new Result<T>(null, null, TooLarge: true) : Parse<T>(StripByteOrderMark(body), schema, text);
    }

    /// <summary>Reads the body, or returns null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static byte[] StripByteOrderMark(byte[] body) =>
        body is [0xEF, 0xBB, 0xBF, ..] ? body[3..] : body;

    private static Result<T> Parse<T>(byte[] body, string schema, IStringLocalizer text)
        where T : class
    {
        if (body.Length == 0)
        {
            return Failed<T>("$", text["The request body is empty; send a JSON object."]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = EngineJson.Options.MaxDepth });
        }
        catch (JsonException ex)
        {
            return Failed<T>("$", DescribeSyntaxError(ex, text));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Failed<T>("$", text["The body must be a JSON object; got {0}.", text[KindName(document.RootElement.ValueKind)]]);
            }

            try
            {
                return new Result<T>(document.RootElement.Deserialize<T>(EngineJson.Options), null, false);
            }
            catch (JsonException ex)
            {
                string field = FieldName(ex.Path);
                return Failed<T>(field, Describe(ex, field, typeof(T), document.RootElement, schema, text));
            }
        }
    }

    private static Result<T> Failed<T>(string field, string message)
        where T : class =>
        new(null, new Dictionary<string, string[]> { [field] = [message] }, false);

    private static string DescribeSyntaxError(JsonException ex, IStringLocalizer text)
    {
        string where = text["line {0}, position {1}", ex.LineNumber + 1 ?? (object)"", ex.BytePositionInLine + 1 ?? (object)""];
        return ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
            ? text[
                "The body nests objects or arrays deeper than {0} levels ({1}); send the documented format, which nests far less.",
                EngineJson.Options.MaxDepth, where]
            : text["The body is not valid JSON ({0}); send one JSON object.", where];
    }

    /// <summary>Turns a serializer path such as <c>$.damage.amount</c> or <c>$['$id']</c> into <c>damage.amount</c> or <c>$id</c>.</summary>
    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var segments = new List<string>();
        foreach (string part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            segments.Add(part.StartsWith("['", StringComparison.Ordinal) && part.EndsWith("']", StringComparison.Ordinal) ? part[2..^2] : part);
        }

        return string.Join('.', segments);
    }

    private static string Describe(
        JsonException ex, string field, Type root, JsonElement document, string schema, IStringLocalizer text)
    {
        if (ex.Message.Contains("Duplicate propert", StringComparison.Ordinal))
        {
            return text["{0} appears more than once; send each field once.", field];
        }

        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return text["{0} is not a known field; check its spelling against {1}.", field, schema];
        }

        string sent = ValueAt(document, field) is { } value ? text["; got {0}", Shorten(value.GetRawText())] : "";
        if (ex is InexactNumberException)
        {
            return text["{0} must be a number with at most 28 significant digits and 28 decimal places{1}.", field, sent];
        }

        Type? expected = FindType(root, field);
        if (expected == typeof(int) && ValueAt(document, field)?.ValueKind == JsonValueKind.Number)
        {
            int minimum = field == "ruleSetVersion" ? 1 : 0;
            return text["{0} must be a whole number from {1} to {2}{3}.",
                field, minimum, int.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), sent];
        }

        if (expected == typeof(double) && ValueAt(document, field)?.ValueKind == JsonValueKind.Number)
        {
            return text["{0} is out of range for a number{1}.", field, sent];
        }

        return expected is null
            ? text["{0} has a value of the wrong type{1}; see {2}.", field, sent, schema]
            : text["{0} must be {1}{2}.", field, text[DescribeType(expected)], sent];
    }

    private static JsonElement? ValueAt(JsonElement root, string field)
    {
        JsonElement current = root;
        foreach (string segment in field.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string Shorten(string raw) =>
        raw.Length <= MaxShownValueLength ? raw : raw[..MaxShownValueLength] + "...";

    /// <summary>Follows a field path such as <c>damage.amount</c> through the document type to the type it expects.</summary>
    private static Type? FindType(Type root, string field)
    {
        Type current = root;
        foreach (string segment in field.Split('.'))
        {
            var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            current = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return current == root ? null : current;
    }

    private static string DescribeType(Type type) => type switch
    {
        _ when type == typeof(decimal) || type == typeof(double) => "a JSON number (not a string)",
        _ when type == typeof(int) => "a whole JSON number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(DateOnly) => "a real date, as a string in the form YYYY-MM-DD",
        _ when type == typeof(string) => "a JSON string of valid Unicode text",
        _ => "a JSON object",
    };

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
