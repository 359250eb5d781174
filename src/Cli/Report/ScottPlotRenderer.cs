using ProbSig.Verification.Claims;
using ScottPlot;
using SkiaSharp;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// Draws claim artifacts with ScottPlot. Heatmaps use one diverging colour scale, [-1, 1]
/// for cosines and correlations, shared by the observed and predicted panels so they are
/// read against the same colours; token labels are shown only when few enough to read.
/// </summary>
internal sealed class ScottPlotRenderer : IFigureRenderer
{
    /// <summary>Above this many tokens, tick labels would overlap: show indices instead.
    /// 64 covers the default task (40 keys and 4 anchors) at a small font.</summary>
    private const int MaxLabelledTokens = 64;
    private const int PanelSize = 520;

    public void Render(Artifact artifact, string path) => Guard(() =>
    {
        switch (artifact)
        {
            case HeatmapPairArtifact pair: SaveSideBySide(path, pair); break;
            case MatrixArtifact matrix: Save(path, PanelSize + 120, PanelSize, Heatmap(matrix, matrix.Title, ColourLimit(matrix), colourBar: true)); break;
            case PlotArtifact plot: Save(path, 800, 500, Lines(plot)); break;
            default: throw new ArgumentException($"no figure for artifact kind {artifact.GetType().Name}", nameof(artifact));
        }
    });

    public void RenderStack(IReadOnlyList<PlotArtifact> panels, string path) => Guard(() =>
    {
        const int width = 800, height = 320;
        Draw(path, width, height * panels.Count, canvas =>
        {
            for (int i = 0; i < panels.Count; i++)
                Place(canvas, Lines(panels[i]), 0, height * i, width, height);
        });
    });

    /// <summary>
    /// bench.png: one horizontal bar per row, log10 of ours / reference (right of 1x: ours
    /// better), green where the target is met, red where missed, grey without a target; the
    /// target ratio is a black tick on the bar's line.
    /// </summary>
    public void RenderRatios(string title, IReadOnlyList<RatioBar> bars, string path) => Guard(() =>
    {
        var plot = new Plot();
        int n = bars.Count;
        var drawn = new List<Bar>();
        var labels = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < n; i++)
        {
            var b = bars[i];
            double y = n - 1 - i;
            var colour = b.Missed ? Colors.FireBrick : b.Target is null ? Colors.Gray : Colors.SeaGreen;
            drawn.Add(new Bar { Position = y, Value = Math.Log10(b.Ratio), ValueBase = 0, FillColor = colour, Size = 0.7 });
            labels.AddMajor(y, b.Label);
            if (b.Target is { } t)
            {
                var tick = plot.Add.Line(Math.Log10(t), y - 0.45, Math.Log10(t), y + 0.45);
                tick.LineWidth = 3;
                tick.Color = Colors.Black;
            }
        }
        var series = plot.Add.Bars(drawn);
        series.Horizontal = true;
        plot.Add.VerticalLine(0, 1, Colors.Black);
        plot.Axes.Left.TickGenerator = labels;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        var ratios = new ScottPlot.TickGenerators.NumericManual();
        double lo = Math.Floor(Math.Min(-1, bars.Min(b => Math.Log10(b.Ratio)))), hi = Math.Ceiling(Math.Max(1, bars.Max(b => Math.Log10(b.Ratio))));
        for (double e = lo; e <= hi; e++) ratios.AddMajor(e, Math.Pow(10, e).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "x");
        plot.Axes.Bottom.TickGenerator = ratios;
        plot.Axes.SetLimits(lo, hi, -0.6, n - 0.4);
        plot.Title(title, size: 14);
        plot.XLabel("ours / reference (log scale)");
        Save(path, 1000, 120 + 26 * n, plot);
    });

    /// <summary>
    /// The native Skia library loads on first use, which may be in ScottPlot's own static
    /// set-up (fonts) as well as in a surface: a failure to load anywhere in drawing
    /// becomes a <see cref="FigureUnavailableException"/>, so the report says so instead of crashing.
    /// </summary>
    private static void Guard(Action draw)
    {
        try
        {
            draw();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new FigureUnavailableException(
                "figures could not be drawn: the native Skia library (SkiaSharp.NativeAssets.Linux.NoDependencies) did not load: " + FirstLine(Innermost(e).Message), e);
        }
    }

    /// <summary>
    /// A panel's title: the side alone when the panel's own title repeats the figure's
    /// title or is too long for half the width (it would run into the other panel).
    /// </summary>
    private static string PanelTitle(string side, string panelTitle, string figureTitle) =>
        panelTitle.Length == 0 || panelTitle.StartsWith(figureTitle, StringComparison.Ordinal) || panelTitle.Length > 44
            ? side
            : side + ": " + panelTitle;

    /// <summary>Observed | predicted, one colour bar for both (shared scale [-1, 1]).</summary>
    private static void SaveSideBySide(string path, HeatmapPairArtifact pair)
    {
        double limit = Math.Max(ColourLimit(pair.Observed), ColourLimit(pair.Predicted));
        var left = Heatmap(pair.Observed, PanelTitle("observed", pair.Observed.Title, pair.Title), limit, colourBar: false);
        var right = Heatmap(pair.Predicted, PanelTitle("predicted", pair.Predicted.Title, pair.Title), limit, colourBar: true);
        const int leftWidth = PanelSize, rightWidth = PanelSize + 110, titleHeight = 36;
        Draw(path, leftWidth + rightWidth, PanelSize + titleHeight, canvas =>
        {
            using var font = new SKFont(SKTypeface.Default, 18);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(pair.Title, 12, 24, font, paint);
            Place(canvas, left, 0, titleHeight, leftWidth, PanelSize);
            Place(canvas, right, leftWidth, titleHeight, rightWidth, PanelSize);
        });
    }

    /// <summary>
    /// 1 for cosines and correlations, so every such figure uses the same colours; the
    /// largest magnitude for other matrices (raw weights), keeping 0 at the centre colour.
    /// </summary>
    private static double ColourLimit(MatrixArtifact matrix)
    {
        double max = 0;
        foreach (var v in matrix.Values)
            if (double.IsFinite(v)) max = Math.Max(max, Math.Abs(v));
        return max <= 1 ? 1 : max;
    }

    private static Plot Heatmap(MatrixArtifact matrix, string title, double limit, bool colourBar)
    {
        int rows = matrix.Values.GetLength(0), cols = matrix.Values.GetLength(1);
        var plot = new Plot();
        var map = plot.Add.Heatmap(matrix.Values);
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-limit, limit);
        map.NaNCellColor = Colors.LightGray;
        if (colourBar) plot.Add.ColorBar(map);
        plot.Title(title, size: 13);
        LabelAxis(plot.Axes.Bottom, matrix.ColumnLabels, cols, fromTop: false);
        LabelAxis(plot.Axes.Left, matrix.RowLabels, rows, fromTop: true);
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        return plot;
    }

    /// <summary>
    /// ScottPlot draws row 0 of the matrix at the top, at y = rows - 1; ticks follow that.
    /// </summary>
    private static void LabelAxis(ScottPlot.IAxis axis, IReadOnlyList<string> labels, int count, bool fromTop)
    {
        if (count > MaxLabelledTokens || labels.Count != count) return;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < count; i++) ticks.AddMajor(fromTop ? count - 1 - i : i, labels[i]);
        axis.TickGenerator = ticks;
        axis.TickLabelStyle.FontSize = count > 24 ? 8 : 12;
        axis.MinorTickStyle.Length = 0;
        if (axis is ScottPlot.AxisPanels.BottomAxis && count > 12) axis.TickLabelStyle.Rotation = 90;
        if (axis is ScottPlot.AxisPanels.BottomAxis && count > 12) axis.TickLabelStyle.Alignment = Alignment.MiddleLeft;
    }

    private static Plot Lines(PlotArtifact artifact)
    {
        var plot = new Plot();
        foreach (var series in artifact.Lines)
        {
            var xs = series.X.ToArray();
            var ys = series.Y.ToArray();
            var drawn = plot.Add.Scatter(xs, ys);
            drawn.LegendText = series.Label;
            if (artifact.Scatter) drawn.LineWidth = 0;
            else drawn.MarkerSize = xs.Length > 60 ? 0 : 4;
        }
        plot.Title(artifact.Title, size: 14);
        plot.XLabel(artifact.XLabel);
        plot.YLabel(artifact.YLabel);
        if (artifact.Lines.Count > 1) plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// Draws a plot into its own raster and copies it to (x, y): ScottPlot clears the whole
    /// canvas it renders on, so plots cannot share one canvas directly.
    /// </summary>
    private static void Place(SKCanvas canvas, Plot plot, int x, int y, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        plot.Render(surface.Canvas, width, height);
        using var image = surface.Snapshot();
        canvas.DrawImage(image, x, y);
    }

    private static void Save(string path, int width, int height, Plot plot) =>
        Draw(path, width, height, canvas => plot.Render(canvas, new PixelRect(0, width, height, 0)));

    /// <summary>Draws onto a white raster of the given size and writes it as PNG.</summary>
    private static void Draw(string path, int width, int height, Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>.NET's load error lists every path it tried, one per line; the first line says what failed.</summary>
    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
