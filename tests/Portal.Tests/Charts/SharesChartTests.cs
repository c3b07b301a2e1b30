using PolicyEngine.Portal.Charts;

namespace PolicyEngine.Portal.Tests.Charts;

public sealed class SharesChartTests
{
    private static readonly ShareBar[] Shares =
    [
        new("developer", 6000.00m, 60.00m),
        new("deployer", 2500.00m, 25.00m),
        new("user", 0.00m, 0.00m),
        new("injured-person", 1500.00m, 15.00m),
    ];

    [Fact]
    public void Render_IsAccessibleImage()
    {
        var svg = SvgDocument.Parse(SharesChart.Render("shares", Shares, "EUR"));

        SvgDocument.AssertAccessible(svg, "shares");
    }

    [Fact]
    public void Render_BarWidthsProportionalToPercent()
    {
        var svg = SvgDocument.Parse(SharesChart.Render("shares", Shares, "EUR"));

        var bars = svg.All("rect").WithClass("bar").ToList();
        Assert.Equal(Shares.Length, bars.Count);
        for (int index = 0; index < Shares.Length; index++)
        {
            double expected = (double)Shares[index].Percent / 100 * SharesChart.PlotWidth;
            Assert.Equal(expected, bars[index].Number("width"), 3);
            Assert.Equal(SharesChart.LabelWidth, bars[index].Number("x"), 3);
        }
    }

    [Fact]
    public void Render_BarsDoNotOverlap()
    {
        var svg = SvgDocument.Parse(SharesChart.Render("shares", Shares, "EUR"));

        var tops = svg.All("rect").WithClass("bar").Select(b => b.Number("y")).ToList();
        for (int index = 1; index < tops.Count; index++)
        {
            Assert.True(tops[index] >= tops[index - 1] + SharesChart.BarHeight, $"bar {index} overlaps bar {index - 1}");
        }
    }

    [Fact]
    public void Render_LabelsPartyAmountAndPercent()
    {
        var svg = SvgDocument.Parse(SharesChart.Render("shares", Shares, "EUR"));

        var texts = svg.All("text").Select(t => t.Value).ToList();
        Assert.Contains("developer", texts);
        Assert.Contains("6,000.00 EUR (60.00%)", texts);
        Assert.Contains("0.00 EUR (0.00%)", texts);
        var description = svg.Element(SvgDocument.Namespace + "desc")!.Value;
        Assert.Contains("injured-person: 1,500.00 EUR (15.00%)", description);
    }

    [Fact]
    public void Render_EscapesMarkupInLabels()
    {
        string svg = SharesChart.Render("shares", [new ShareBar("<script>x</script>", 1m, 100m)], "<b>");

        var parsed = SvgDocument.Parse(svg);
        Assert.Empty(parsed.Descendants("script"));
        Assert.DoesNotContain("<script>", svg);
        Assert.Contains("<script>x</script>", parsed.All("text").Select(t => t.Value));
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(100, SharesChart.PlotWidth)]
    [InlineData(130, SharesChart.PlotWidth)]
    public void BarWidth_ClampsToPlot(double percent, double expected)
    {
        Assert.Equal(expected, SharesChart.BarWidth((decimal)percent), 6);
    }
}
