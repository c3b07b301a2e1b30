using PolicyEngine.Portal.Charts;

namespace PolicyEngine.Portal.Tests.Charts;

public sealed class ReliabilityDiagramTests
{
    /// <summary>
    /// Fifteen equal-width bins. Bins 0 to 4 are empty, as they are for a ten-class model whose
    /// confidence is never below 1/3; bin j from 5 on has 10 * j samples.
    /// </summary>
    private static List<ReliabilityBin> FifteenBins() =>
        Enumerable.Range(0, 15)
            .Select(j => j < 5
                ? new ReliabilityBin(j / 15.0, (j + 1) / 15.0, 0, null, null)
                : new ReliabilityBin(j / 15.0, (j + 1) / 15.0, 10 * j, (j + 0.4) / 15.0, Math.Min(1, (j + 0.9) / 15.0)))
            .ToList();

    [Fact]
    public void Render_IsAccessibleImage()
    {
        var svg = SvgDocument.Parse(ReliabilityDiagram.Render("reliability", FifteenBins()));

        SvgDocument.AssertAccessible(svg, "reliability");
        Assert.Contains("no samples", svg.Element(SvgDocument.Namespace + "desc")!.Value);
    }

    [Fact]
    public void Render_PointsAtMeanConfidenceAndAccuracy()
    {
        var bins = FifteenBins();

        var svg = SvgDocument.Parse(ReliabilityDiagram.Render("reliability", bins));

        var points = svg.All("circle").WithClass("point").ToList();
        var filled = bins.Where(b => b.Count > 0).ToList();
        Assert.Equal(filled.Count, points.Count);
        for (int index = 0; index < filled.Count; index++)
        {
            double x = ReliabilityDiagram.Left + filled[index].MeanConfidence!.Value * ReliabilityDiagram.Plot;
            double y = ReliabilityDiagram.Top + (1 - filled[index].Accuracy!.Value) * ReliabilityDiagram.Plot;
            Assert.Equal(x, points[index].Number("cx"), 2);
            Assert.Equal(y, points[index].Number("cy"), 2);
        }
    }

    [Fact]
    public void Render_BarsSpanBinAndRiseToAccuracy()
    {
        var bins = FifteenBins();

        var svg = SvgDocument.Parse(ReliabilityDiagram.Render("reliability", bins));

        var bars = svg.All("rect").WithClass("bar").ToList();
        var filled = bins.Where(b => b.Count > 0).ToList();
        Assert.Equal(filled.Count, bars.Count);
        for (int index = 0; index < filled.Count; index++)
        {
            Assert.Equal(ReliabilityDiagram.Plot / 15, bars[index].Number("width"), 2);
            Assert.Equal(ReliabilityDiagram.X(filled[index].Lower), bars[index].Number("x"), 2);
            Assert.Equal(filled[index].Accuracy!.Value * ReliabilityDiagram.Plot, bars[index].Number("height"), 2);
        }
    }

    [Fact]
    public void Render_LabelsEveryBinWithItsCount()
    {
        var bins = FifteenBins();

        var svg = SvgDocument.Parse(ReliabilityDiagram.Render("reliability", bins));

        var counts = svg.All("text").WithClass("count").Select(t => t.Value).ToList();
        Assert.Equal(bins.Select(b => b.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), counts);
    }

    [Fact]
    public void Render_DrawsDiagonalFromOriginToOne()
    {
        var svg = SvgDocument.Parse(ReliabilityDiagram.Render("reliability", FifteenBins()));

        var diagonal = Assert.Single(svg.All("line").WithClass("diagonal"));
        Assert.Equal(ReliabilityDiagram.X(0), diagonal.Number("x1"), 3);
        Assert.Equal(ReliabilityDiagram.Y(0), diagonal.Number("y1"), 3);
        Assert.Equal(ReliabilityDiagram.X(1), diagonal.Number("x2"), 3);
        Assert.Equal(ReliabilityDiagram.Y(1), diagonal.Number("y2"), 3);
    }
}
