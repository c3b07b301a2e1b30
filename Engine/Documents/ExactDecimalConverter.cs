using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// Reads JSON numbers into <see cref="decimal"/> only when they fit exactly. System.Text.Json
/// would round a number with more than 28 significant digits (1.000000000000000000000000000001
/// becomes 1.0000000000000000000000000000) and accept it; money must not change silently.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    private const int MaxDigits = 28;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException(EngineText.Format("Expected a JSON number, got {0}.", reader.TokenType));
        }

        string text = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        if (!reader.TryGetDecimal(out decimal value) || !IsExact(text))
        {
            throw new InexactNumberException(EngineText.Format(
                "The number cannot be held exactly: {0} needs more than {1} significant digits or decimal places, or is too large.",
                text, MaxDigits));
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);

    /// <summary>
    /// Returns whether the JSON number <paramref name="text"/> has at most 28 significant digits
    /// and at most 28 decimal places once trailing zeros are dropped, so that a decimal represents it exactly.
    /// </summary>
    internal static bool IsExact(string text)
    {
        int exponentAt = text.IndexOfAny(['e', 'E']);
        string mantissa = exponentAt < 0 ? text : text[..exponentAt];
        int exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        mantissa = mantissa.TrimStart('-');
        int point = mantissa.IndexOf('.');
        string whole = point < 0 ? mantissa : mantissa[..point];
        string fraction = point < 0 ? "" : mantissa[(point + 1)..];

        string digits = (whole + fraction).TrimStart('0');
        int decimalPlaces = fraction.Length - exponent;
        int trailingZeros = digits.Length - digits.TrimEnd('0').Length;
        digits = digits.TrimEnd('0');
        decimalPlaces -= trailingZeros;

        return digits.Length <= MaxDigits && decimalPlaces <= MaxDigits;
    }
}

/// <summary>
/// Thrown by <see cref="ExactDecimalConverter"/> for a number a decimal cannot hold exactly. Callers
/// recognise the rejection by this type, because the message is translated.
/// </summary>
public sealed class InexactNumberException(string message) : JsonException(message);
