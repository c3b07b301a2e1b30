using PolicyEngine.Portal.Charts;

namespace PolicyEngine.Portal.Tests.Charts;

public sealed class ConfusionHeatMapTests
{
    private static readonly int[][] Matrix =
    [
        [50, 3, 0],
        [7, 41, 2],
        [1, 12, 30],
    ];

    [Fact]
    public void Render_IsAccessibleImage()
    {
        var svg = SvgDocument.Parse(ConfusionHeatMap.Render("matrix", Matrix));

        SvgDocument.AssertAccessible(svg, "matrix");
        Assert.Contains("true 2: 1 predicted 0, 12 predicted 1, 30 predicted 2", svg.Element(SvgDocument.Namespace + "desc")!.Value);
    }

    [Fact]
    public void Render_ShadeOrderedByCount()
    {
        var svg = SvgDocument.Parse(ConfusionHeatMap.Render("matrix", Matrix));

        var cells = svg.All("g").WithClass("cell")
            .Select(cell => (
                Count: Matrix[(int)cell.Number("data-row")][(int)cell.Number("data-column")],
                Shade: cell.Element(SvgDocument.Namespace + "rect")!.Number("fill-opacity")))
            .OrderBy(cell => cell.Count)
            .ToList();
        Assert.Equal(9, cells.Count);
        for (int index = 1; index < cells.Count; index++)
        {
            Assert.True(cells[index].Shade >= cells[index - 1].Shade, $"count {cells[index].Count} is lighter than count {cells[index - 1].Count}");
        }

        Assert.Equal(0, cells[0].Shade);
        Assert.Equal(1, cells[^1].Shade);
    }

    [Fact]
    public void Render_CellsShowCountsInGridOrder()
    {
        var svg = SvgDocument.Parse(ConfusionHeatMap.Render("matrix", Matrix));

        foreach (var cell in svg.All("g").WithClass("cell"))
        {
            int row = (int)cell.Number("data-row");
            int column = (int)cell.Number("data-column");
            var rect = cell.Element(SvgDocument.Namespace + "rect")!;
            Assert.Equal(Matrix[row][column].ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Element(SvgDocument.Namespace + "text")!.Value);
            Assert.Equal(ConfusionHeatMap.Left + column * rect.Number("width"), rect.Number("x"), 3);
            Assert.Equal(ConfusionHeatMap.Top + row * rect.Number("height"), rect.Number("y"), 3);
        }
    }

    [Fact]
    public void Render_LabelsClasses()
    {
        var svg = SvgDocument.Parse(ConfusionHeatMap.Render("matrix", Matrix, ["cat", "dog", "<bird>"]));

        var ticks = svg.All("text").WithClass("tick").Select(t => t.Value).ToList();
        Assert.Equal(2, ticks.Count(t => t == "dog"));
        Assert.Equal(2, ticks.Count(t => t == "<bird>"));
    }

    [Fact]
    public void Render_AllZeroMatrix_LeavesCellsBlank()
    {
        var svg = SvgDocument.Parse(ConfusionHeatMap.Render("matrix", [[0, 0], [0, 0]]));

        Assert.All(svg.All("rect").WithClass("heat"), rect => Assert.Equal(0, rect.Number("fill-opacity")));
    }

    [Fact]
    public void Render_RaggedMatrix_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionHeatMap.Render("matrix", [[1, 2], [3]]));

        Assert.Contains("Row 1", error.Message);
    }

    [Fact]
    public void Render_TooManyClasses_Throws()
    {
        int classes = ConfusionHeatMap.MaxClasses + 1;
        var matrix = Enumerable.Range(0, classes).Select(_ => (IReadOnlyList<int>)new int[classes]).ToList();

        Assert.Throws<ArgumentException>(() => ConfusionHeatMap.Render("matrix", matrix));
    }
}
