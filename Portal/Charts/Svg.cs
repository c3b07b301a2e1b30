using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Charts;

/// <summary>
/// Builds SVG elements for the server-drawn charts. Elements are built with LINQ to XML, so
/// every label and attribute value is escaped however it was typed.
/// </summary>
internal static class Svg
{
    public static readonly XNamespace Namespace = "http://www.w3.org/2000/svg";

    /// <summary>
    /// Creates the root element of an image chart: <c>role="img"</c>, labelled by its
    /// <c>&lt;title&gt;</c> and described by its <c>&lt;desc&gt;</c>, which carries the numbers.
    /// </summary>
    public static XElement Root(string id, double width, double height, string title, string description)
    {
        string titleId = id + "-title";
        string descriptionId = id + "-desc";
        return new XElement(
            Namespace + "svg",
            new XAttribute("id", id),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", $"{titleId} {descriptionId}"),
            new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            new XAttribute("class", "chart"),
            new XElement(Namespace + "title", new XAttribute("id", titleId), title),
            new XElement(Namespace + "desc", new XAttribute("id", descriptionId), description));
    }

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    public static XElement Text(double x, double y, string text, string anchor = "start", string? cssClass = null) =>
        Element(
            "text",
            new XAttribute("x", Number(x)),
            new XAttribute("y", Number(y)),
            new XAttribute("text-anchor", anchor),
            cssClass is null ? null : new XAttribute("class", cssClass),
            text);

    public static XElement Line(double x1, double y1, double x2, double y2, string cssClass) =>
        Element(
            "line",
            new XAttribute("x1", Number(x1)),
            new XAttribute("y1", Number(y1)),
            new XAttribute("x2", Number(x2)),
            new XAttribute("y2", Number(y2)),
            new XAttribute("class", cssClass));

    public static XElement Rect(double x, double y, double width, double height, params object?[] content) =>
        Element(
            "rect",
            new XAttribute("x", Number(x)),
            new XAttribute("y", Number(y)),
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            content);

    /// <summary>
    /// Returns <paramref name="english"/> with <paramref name="arguments"/> in the request's
    /// language through <paramref name="text"/>, or in English with invariant numbers when there
    /// is no localizer.
    /// </summary>
    public static string Localize(IStringLocalizer? text, string english, params object[] arguments) =>
        text is null ? string.Format(CultureInfo.InvariantCulture, english, arguments) : text[english, arguments];

    /// <summary>Formats a coordinate with at most three decimals in invariant digits.</summary>
    public static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Serialises <paramref name="root"/> without an XML declaration, ready to embed in HTML.</summary>
    public static string Serialize(XElement root) => root.ToString(SaveOptions.DisableFormatting);
}
