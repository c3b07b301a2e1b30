using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Charts;

/// <summary>One party's share as the chart draws it: amount in the currency's major unit, percent from 0 to 100.</summary>
public sealed record ShareBar(string Party, decimal Amount, decimal Percent)
{
    /// <summary>The party's name as the chart shows it; null shows the party code.</summary>
    public string? Label { get; init; }

    public string ShownName => Label ?? Party;
}

/// <summary>
/// Draws a decision's shares as horizontal bars, one per party, each as long as the party's
/// percent of the plot width and labelled with the amount and the percent.
/// </summary>
public static class SharesChart
{
    public const double Width = 640;
    public const double LabelWidth = 140;
    public const double PlotWidth = 340;
    public const double RowHeight = 34;
    public const double BarHeight = 20;
    public const double Top = 8;

    /// <summary>
    /// Renders the chart as an SVG element. <paramref name="id"/> must be unique on the page,
    /// because the title and description are referenced by id. Percents outside 0 to 100 are
    /// drawn clamped to that range but labelled with their own value. <paramref name="text"/>
    /// translates the title and description; without it they are English.
    /// </summary>
    public static string Render(string id, IReadOnlyList<ShareBar> shares, string currency, IStringLocalizer? text = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(shares);

        double height = Top * 2 + Math.Max(1, shares.Count) * RowHeight;
        var svg = Svg.Root(id, Width, height, Svg.Localize(text, "Shares of the damage"), Describe(shares, currency, text));
        svg.Add(Svg.Line(LabelWidth, Top, LabelWidth, height - Top, "axis"));
        for (int index = 0; index < shares.Count; index++)
        {
            svg.Add(DrawRow(shares[index], currency, Top + index * RowHeight));
        }

        return Svg.Serialize(svg);
    }

    /// <summary>Returns the width of the bar for <paramref name="percent"/>, clamped to the plot.</summary>
    public static double BarWidth(decimal percent) => (double)Math.Clamp(percent, 0m, 100m) / 100 * PlotWidth;

    private static XElement DrawRow(ShareBar share, string currency, double y)
    {
        double barY = y + (RowHeight - BarHeight) / 2;
        double textY = barY + BarHeight * 0.75;
        double width = BarWidth(share.Percent);
        return Svg.Element(
            "g",
            new XAttribute("class", "share"),
            new XAttribute("data-party", share.Party),
            Svg.Text(LabelWidth - 8, textY, share.ShownName, "end", "label"),
            Svg.Rect(LabelWidth, barY, width, BarHeight, new XAttribute("class", "bar")),
            Svg.Text(LabelWidth + width + 6, textY, FormatValue(share, currency), "start", "value"));
    }

    private static string Describe(IReadOnlyList<ShareBar> shares, string currency, IStringLocalizer? text) =>
        shares.Count == 0
            ? Svg.Localize(text, "No shares.")
            : Svg.Localize(text, "{0}.", string.Join(
                Svg.Localize(text, "; "), shares.Select(share => Svg.Localize(text, "{0}: {1}", share.ShownName, FormatValue(share, currency)))));

    private static string FormatValue(ShareBar share, string currency) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{share.Amount:N} {currency} ({share.Percent:0.00}%)");
}
