using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Charts;

/// <summary>
/// One calibration bin: confidences from <see cref="Lower"/> to <see cref="Upper"/>, the number
/// of samples in it, and their mean confidence and accuracy (null when the bin is empty).
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double? MeanConfidence, double? Accuracy);

/// <summary>
/// Draws a reliability diagram: confidence on the x axis against accuracy on the y axis, both
/// from 0 to 1. Each bin gets a bar over its confidence range as tall as its accuracy, a point at
/// its mean confidence and accuracy, and its sample count. The diagonal marks perfect calibration.
/// </summary>
public static class ReliabilityDiagram
{
    public const double Left = 56;
    public const double Top = 16;
    public const double Plot = 320;
    public const double Width = Left + Plot + 24;
    public const double Height = Top + Plot + 52;

    /// <summary>
    /// Renders the diagram as an SVG element; <paramref name="id"/> must be unique on the page.
    /// Values outside 0 to 1 are clamped to the plot. <paramref name="text"/> translates the
    /// title, axis labels and description; without it they are English.
    /// </summary>
    public static string Render(string id, IReadOnlyList<ReliabilityBin> bins, IStringLocalizer? text = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(bins);

        var svg = Svg.Root(
            id, Width, Height, Svg.Localize(text, "Reliability diagram: accuracy against confidence"), Describe(bins, text));
        svg.Add(DrawAxes(text));
        svg.Add(Svg.Line(X(0), Y(0), X(1), Y(1), "diagonal"));
        foreach (var bin in bins)
        {
            svg.Add(DrawBin(bin));
        }

        return Svg.Serialize(svg);
    }

    /// <summary>Returns the x coordinate of a confidence from 0 to 1.</summary>
    public static double X(double confidence) => Left + Math.Clamp(confidence, 0, 1) * Plot;

    /// <summary>Returns the y coordinate of an accuracy from 0 to 1; SVG's y axis points down.</summary>
    public static double Y(double accuracy) => Top + (1 - Math.Clamp(accuracy, 0, 1)) * Plot;

    private static XElement DrawBin(ReliabilityBin bin)
    {
        var group = Svg.Element(
            "g",
            new XAttribute("class", "bin"),
            new XAttribute("data-count", bin.Count.ToString(CultureInfo.InvariantCulture)));
        double accuracy = bin.Accuracy ?? 0;
        if (bin.Count > 0 && bin.Accuracy is not null)
        {
            group.Add(Svg.Rect(X(bin.Lower), Y(accuracy), X(bin.Upper) - X(bin.Lower), Y(0) - Y(accuracy),
                new XAttribute("class", "bar")));
        }

        if (bin.Count > 0 && bin.MeanConfidence is { } confidence && bin.Accuracy is not null)
        {
            group.Add(Svg.Element(
                "circle",
                new XAttribute("cx", Svg.Number(X(confidence))),
                new XAttribute("cy", Svg.Number(Y(accuracy))),
                new XAttribute("r", "3.5"),
                new XAttribute("class", "point")));
        }

        double middle = (X(bin.Lower) + X(bin.Upper)) / 2;
        group.Add(Svg.Text(middle, Y(accuracy) - 6, bin.Count.ToString(CultureInfo.InvariantCulture), "middle", "count"));
        return group;
    }

    private static XElement DrawAxes(IStringLocalizer? text)
    {
        var axes = Svg.Element("g", new XAttribute("class", "axes"));
        axes.Add(Svg.Line(X(0), Y(0), X(1), Y(0), "axis"));
        axes.Add(Svg.Line(X(0), Y(0), X(0), Y(1), "axis"));
        for (int step = 0; step <= 5; step++)
        {
            double value = step / 5.0;
            string label = value.ToString("0.0", CultureInfo.InvariantCulture);
            axes.Add(Svg.Text(X(value), Y(0) + 16, label, "middle", "tick"));
            axes.Add(Svg.Text(X(0) - 6, Y(value) + 4, label, "end", "tick"));
        }

        axes.Add(Svg.Text(X(0.5), Height - 8, Svg.Localize(text, "Confidence"), "middle", "axis-label"));
        axes.Add(Svg.Element(
            "text",
            new XAttribute("transform", $"translate(14 {Svg.Number(Y(0.5))}) rotate(-90)"),
            new XAttribute("text-anchor", "middle"),
            new XAttribute("class", "axis-label"),
            Svg.Localize(text, "Accuracy")));
        return axes;
    }

    private static string Describe(IReadOnlyList<ReliabilityBin> bins, IStringLocalizer? text)
    {
        var parts = bins.Select(bin => bin.Count == 0 || bin.MeanConfidence is null || bin.Accuracy is null
            ? Svg.Localize(text, "{0} to {1}: no samples", Decimals(bin.Lower), Decimals(bin.Upper))
            : Svg.Localize(
                text,
                "{0} to {1}: {2} samples, mean confidence {3}, accuracy {4}",
                Decimals(bin.Lower),
                Decimals(bin.Upper),
                bin.Count.ToString(CultureInfo.InvariantCulture),
                Decimals(bin.MeanConfidence.Value),
                Decimals(bin.Accuracy.Value)));
        return Svg.Localize(text, "Confidence bins. {0}.", string.Join(Svg.Localize(text, "; "), parts));
    }

    private static string Decimals(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
