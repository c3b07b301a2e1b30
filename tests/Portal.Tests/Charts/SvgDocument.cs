using System.Globalization;
using System.Xml.Linq;

namespace PolicyEngine.Portal.Tests.Charts;

/// <summary>Parses chart SVG as XML, so that a test fails on markup that is not well formed.</summary>
internal static class SvgDocument
{
    public static readonly XNamespace Namespace = "http://www.w3.org/2000/svg";

    public static XElement Parse(string svg) => XElement.Parse(svg);

    public static IEnumerable<XElement> All(this XElement root, string name) => root.Descendants(Namespace + name);

    public static double Number(this XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    public static IEnumerable<XElement> WithClass(this IEnumerable<XElement> elements, string cssClass) =>
        elements.Where(e => (e.Attribute("class")?.Value ?? "").Split(' ').Contains(cssClass));

    /// <summary>Checks the accessibility contract every chart shares: role, title and description linked by id.</summary>
    public static void AssertAccessible(XElement root, string id)
    {
        Assert.Equal(Namespace + "svg", root.Name);
        Assert.Equal("img", root.Attribute("role")?.Value);
        Assert.Equal(id, root.Attribute("id")?.Value);
        Assert.Equal($"{id}-title {id}-desc", root.Attribute("aria-labelledby")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(root.Element(Namespace + "title")?.Value));
        Assert.Equal($"{id}-title", root.Element(Namespace + "title")?.Attribute("id")?.Value);
        Assert.Equal($"{id}-desc", root.Element(Namespace + "desc")?.Attribute("id")?.Value);
    }
}
