using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Charts;

/// <summary>
/// Draws a confusion matrix as a heat map: rows are the true class, columns the predicted class,
/// and each cell shows its count with a fill opacity proportional to the count divided by the
/// largest count in the matrix.
/// </summary>
public static class ConfusionHeatMap
{
    public const double Left = 72;
    public const double Top = 56;
    public const double MaxCellSize = 44;
    public const double MinCellSize = 14;
    public const double MaxGridSize = 440;

    /// <summary>Largest number of classes drawn; a larger matrix would give an unreadable image of up to a million cells.</summary>
    public const int MaxClasses = 40;

    /// <summary>
    /// Renders the heat map as an SVG element; <paramref name="id"/> must be unique on the page.
    /// <paramref name="labels"/> names the classes in index order; without it the indexes are
    /// used. Throws <see cref="ArgumentException"/> when the matrix is not square, has more than
    /// <see cref="MaxClasses"/> classes or has a negative count. <paramref name="text"/> translates
    /// the title, axis labels and description; without it they are English.
    /// </summary>
    public static string Render(
        string id, IReadOnlyList<IReadOnlyList<int>> matrix, IReadOnlyList<string>? labels = null, IStringLocalizer? text = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(matrix);
        Validate(matrix, labels);

        int classes = matrix.Count;
        double cell = CellSize(classes);
        int max = matrix.SelectMany(row => row).DefaultIfEmpty(0).Max();
        string Label(int index) => labels?[index] ?? index.ToString(CultureInfo.InvariantCulture);

        double width = Left + classes * cell + 16;
        double height = Top + classes * cell + 16;
        var svg = Svg.Root(id, width, height, Svg.Localize(text, "Confusion matrix heat map"), Describe(matrix, Label, text));
        svg.Add(Svg.Text(Left + classes * cell / 2, 16, Svg.Localize(text, "Predicted class"), "middle", "axis-label"));
        svg.Add(Svg.Element(
            "text",
            new XAttribute("transform", $"translate(16 {Svg.Number(Top + classes * cell / 2)}) rotate(-90)"),
            new XAttribute("text-anchor", "middle"),
            new XAttribute("class", "axis-label"),
            Svg.Localize(text, "True class")));
        for (int index = 0; index < classes; index++)
        {
            svg.Add(Svg.Text(Left + (index + 0.5) * cell, Top - 8, Label(index), "middle", "tick"));
            svg.Add(Svg.Text(Left - 8, Top + (index + 0.5) * cell + 4, Label(index), "end", "tick"));
        }

        for (int row = 0; row < classes; row++)
        {
            for (int column = 0; column < classes; column++)
            {
                svg.Add(DrawCell(row, column, matrix[row][column], max, cell));
            }
        }

        return Svg.Serialize(svg);
    }

    /// <summary>Returns the fill opacity of a cell: its count divided by the largest count, or 0 when every count is 0.</summary>
    public static double Shade(int count, int max) => max <= 0 ? 0 : (double)count / max;

    private static XElement DrawCell(int row, int column, int count, int max, double cell)
    {
        double shade = Shade(count, max);
        double x = Left + column * cell;
        double y = Top + row * cell;
        string text = count.ToString(CultureInfo.InvariantCulture);
        return Svg.Element(
            "g",
            new XAttribute("class", row == column ? "cell diagonal" : "cell"),
            new XAttribute("data-row", row.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("data-column", column.ToString(CultureInfo.InvariantCulture)),
            Svg.Rect(x, y, cell, cell,
                new XAttribute("class", "heat"),
                new XAttribute("fill-opacity", Svg.Number(shade))),
            Svg.Text(x + cell / 2, y + cell / 2 + 4, text, "middle", shade > 0.55 ? "count on-dark" : "count"));
    }

    private static double CellSize(int classes) =>
        classes == 0 ? MaxCellSize : Math.Clamp(MaxGridSize / classes, MinCellSize, MaxCellSize);

    private static void Validate(IReadOnlyList<IReadOnlyList<int>> matrix, IReadOnlyList<string>? labels)
    {
        if (matrix.Count > MaxClasses)
        {
            throw new ArgumentException(
                $"The confusion matrix has {matrix.Count} classes; the heat map draws at most {MaxClasses}.", nameof(matrix));
        }

        for (int row = 0; row < matrix.Count; row++)
        {
            if (matrix[row].Count != matrix.Count)
            {
                throw new ArgumentException(
                    $"Row {row} of the confusion matrix has {matrix[row].Count} counts; a matrix of {matrix.Count} classes needs {matrix.Count}.",
                    nameof(matrix));
            }

            if (matrix[row].Any(count => count < 0))
            {
                throw new ArgumentException($"Row {row} of the confusion matrix has a negative count.", nameof(matrix));
            }
        }

        if (labels is not null && labels.Count != matrix.Count)
        {
            throw new ArgumentException(
                $"{labels.Count} class labels were given for a matrix of {matrix.Count} classes.", nameof(labels));
        }
    }

    private static string Describe(IReadOnlyList<IReadOnlyList<int>> matrix, Func<int, string> label, IStringLocalizer? text)
    {
        string separator = Svg.Localize(text, ", ");
        var rows = Enumerable.Range(0, matrix.Count).Select(row =>
            Svg.Localize(text, "true {0}: {1}", label(row), string.Join(separator, matrix[row].Select((count, column) =>
                Svg.Localize(text, "{0} predicted {1}", count.ToString(CultureInfo.InvariantCulture), label(column))))));
        return Svg.Localize(
            text, "Rows are the true class, columns the predicted class. {0}.", string.Join(Svg.Localize(text, "; "), rows));
    }
}
