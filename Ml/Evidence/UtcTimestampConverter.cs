using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Ml.Evidence;

/// <summary>
/// Writes a time in UTC as an ISO 8601 date-time ending in Z, such as 2026-02-10T09:30:00.1234567Z,
/// and reads any ISO 8601 date-time with an offset.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
