using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace PolicyEngine.Portal.TagHelpers;

/// <summary>
/// Links each form field to its validation message, so that a screen reader reads the message
/// with the field: the field gets <c>aria-describedby</c> naming the message's id (and
/// <c>aria-invalid</c> when it has an error), and the <c>asp-validation-for</c> element gets that id.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttributeName)]
[HtmlTargetElement("select", Attributes = ForAttributeName)]
[HtmlTargetElement("textarea", Attributes = ForAttributeName)]
[HtmlTargetElement("span", Attributes = ValidationForAttributeName)]
public sealed class FieldErrorTagHelper : TagHelper
{
    private const string ForAttributeName = "asp-for";
    private const string ValidationForAttributeName = "asp-validation-for";

    [HtmlAttributeName(ForAttributeName)]
    public ModelExpression? For { get; set; }

    [HtmlAttributeName(ValidationForAttributeName)]
    public ModelExpression? ValidationFor { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Runs after the framework's tag helpers, which write the field's name and id.</summary>
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ValidationFor is { } message)
        {
            output.Attributes.SetAttribute("id", MessageId(FullName(message)));
            return;
        }

        if (For is not { } field || output.Attributes["type"]?.Value?.ToString() == "hidden")
        {
            return;
        }

        string fullName = FullName(field);
        string describedBy = MessageId(fullName);
        if (output.Attributes.TryGetAttribute("aria-describedby", out var existing))
        {
            describedBy = $"{existing.Value} {describedBy}";
        }

        output.Attributes.SetAttribute("aria-describedby", describedBy);
        if (ViewContext.ViewData.ModelState.TryGetValue(fullName, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
        }
    }

    /// <summary>The id of the validation message of the field named <paramref name="fullName"/>.</summary>
    public static string MessageId(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    private string FullName(ModelExpression expression) =>
        ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
}
