using ProbSig.Verification.Claims;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// Draws artifacts as PNG files. An interface so that the report can be tested with a
/// renderer that fails, and so that drawing (ScottPlot, native Skia) stays in one place.
/// </summary>
internal interface IFigureRenderer
{
    /// <summary>Draws <paramref name="artifact"/> into the PNG file <paramref name="path"/>.</summary>
    void Render(Artifact artifact, string path);

    /// <summary>Draws the plots one above the other into one PNG file.</summary>
    void RenderStack(IReadOnlyList<PlotArtifact> panels, string path);
}

/// <summary>
/// The native drawing library could not be loaded: figures are replaced by this message
/// in the report rather than stopping the run.
/// </summary>
internal sealed class FigureUnavailableException(string message, Exception inner) : Exception(message, inner);
