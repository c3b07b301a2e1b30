namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>
/// Marks the resource that translates a version's stored status ("draft", "published") for
/// display. It is a resource of its own because a page's headings such as "Published" would
/// clash with the status in the page's .resx, whose names ignore letter case.
/// </summary>
public sealed class VersionStatusText;
