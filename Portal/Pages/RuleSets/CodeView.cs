using System.Text;
using Microsoft.AspNetCore.Html;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>
/// A JSON text shown with a line-number gutter, as an editable textarea or read-only.
/// <see cref="Id"/> prefixes the gutter's line anchors (<c>Id-L12</c>), so that a problem can link
/// to its line. <see cref="FieldName"/> is the form field of an editable text, or null.
/// </summary>
public sealed record CodeView(string Id, string Label, string Text, string? FieldName, IReadOnlySet<int> ErrorLines)
{
    /// <summary>Empty lines the editor offers below the text, so that it can grow without scrolling.</summary>
    public const int SpareLines = 3;

    public int LineCount => Text.Split('\n').Length;

    /// <summary>Gutter lines: the text's lines, plus <see cref="SpareLines"/> when the text can be edited.</summary>
    public int GutterLines => LineCount + (FieldName is null ? 0 : SpareLines);

    public static string LineAnchor(string id, int line) => $"{id}-L{line}";

    /// <summary>
    /// Builds the gutter's content: one numbered span per line, separated by line feeds, so that it
    /// lines up with the text inside a <c>pre</c>. The id contains only characters the page chose.
    /// </summary>
    public IHtmlContent GutterHtml()
    {
        var html = new StringBuilder();
        for (int line = 1; line <= GutterLines; line++)
        {
            string css = ErrorLines.Contains(line) ? " class=\"error-line\"" : "";
            html.Append($"<span id=\"{LineAnchor(Id, line)}\"{css}>{line}</span>\n");
        }

        return new HtmlString(html.ToString());
    }
}
