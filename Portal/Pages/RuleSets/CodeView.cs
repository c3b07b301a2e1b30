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

    /// <summary>Number of problems listed beside the text, which describe it when it is editable.</summary>
    public int ProblemCount { get; init; }

    /// <summary>Id of the <paramref name="index"/>th problem (from 1) listed beside the text <paramref name="id"/>.</summary>
    public static string ProblemId(string id, int index) => $"{id}-problem-{index}";

    /// <summary>
    /// Value of the textarea's <c>aria-describedby</c>: the ids of the listed problems, so that a
    /// screen reader reads them with the field. It is null when there are none, and Razor then
    /// leaves the attribute out.
    /// </summary>
    public string? DescribedBy => ProblemCount == 0
        ? null
        : string.Join(' ', Enumerable.Range(1, ProblemCount).Select(index => ProblemId(Id, index)));

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
