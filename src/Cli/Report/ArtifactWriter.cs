using System.Text;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// Writes a claim's artifacts into the report folder: a PNG per artifact under figures/
/// (none for a <see cref="DataArtifact"/>), and every matrix (including both halves of a
/// heatmap pair, and every data array) as .npy under matrices/.
/// File names are the claim id and the artifact name, reduced to safe characters.
/// </summary>
internal static class ArtifactWriter
{
    public const string FigureFolder = "figures";
    public const string MatrixFolder = "matrices";

    /// <summary>The outcome with its files recorded. A drawing library that does not load
    /// is recorded as <see cref="ClaimOutcome.FigureError"/>; any other failure propagates.</summary>
    public static ClaimOutcome Write(ClaimOutcome outcome, string folder, IFigureRenderer renderer)
    {
        if (outcome.Result is null) return outcome;
        var figures = new List<ArtifactFile>();
        var matrices = new List<ArtifactFile>();
        string? figureError = null;
        var stems = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var artifact in outcome.Result.Artifacts)
        {
            // Two artifacts of one claim with the same name must not overwrite each other.
            string stem = FileStem(outcome.Claim.Id, artifact.Name);
            for (int n = 2; !stems.Add(stem); n++) stem = FileStem(outcome.Claim.Id, $"{artifact.Name}_{n}");
            foreach (var (suffix, matrix) in MatricesOf(artifact))
            {
                var rel = $"{MatrixFolder}/{stem}{suffix}.npy";
                Directory.CreateDirectory(Path.Combine(folder, MatrixFolder));
                using (var s = File.Create(Path.Combine(folder, rel))) Npy.WriteMatrix(s, matrix.Values);
                matrices.Add(new ArtifactFile(matrix.Title, rel));
            }
            if (figureError is not null || artifact is DataArtifact) continue;
            var png = $"{FigureFolder}/{stem}.png";
            Directory.CreateDirectory(Path.Combine(folder, FigureFolder));
            try
            {
                renderer.Render(artifact, Path.Combine(folder, png));
                figures.Add(new ArtifactFile(artifact.Title, png));
            }
            catch (FigureUnavailableException e)
            {
                figureError = e.Message;
            }
        }
        return outcome with { Figures = figures, Matrices = matrices, FigureError = figureError };
    }

    private static IEnumerable<(string Suffix, MatrixArtifact Matrix)> MatricesOf(Artifact artifact) => artifact switch
    {
        MatrixArtifact m => [("", m)],
        DataArtifact d => [("", new MatrixArtifact(d.Name, d.Title, [], [], d.Values))],
        HeatmapPairArtifact p => [("_observed", p.Observed), ("_predicted", p.Predicted)],
        _ => [],
    };

    /// <summary>"C2" + "key cosine" gives "C2_key_cosine".</summary>
    internal static string FileStem(string id, string name)
    {
        var b = new StringBuilder();
        foreach (var c in $"{id}_{name}")
            b.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return b.ToString();
    }
}
