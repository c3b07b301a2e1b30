namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Marks the resource of texts that many pages share (model-binding messages, common words).
/// Its translations are in <c>Resources/Localization/PortalText.zh-Hans.resx</c>.
/// </summary>
public sealed class PortalText;
