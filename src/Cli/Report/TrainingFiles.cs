using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// The files `train` and `lm train` both write about a trained model, written one way:
/// embedding.npy and unembedding.npy (float64, one row per token or class), curves.csv and
/// curves.png (a missing drawing library costs the picture, never the run: the numbers are
/// in curves.csv). `train` writes into the temporary folder that <see cref="AtomicOutput.WriteFolder"/>
/// renames at the end; `lm train` into its run folder, beside its checkpoint, so each file is
/// replaced atomically on its own.
/// </summary>
internal sealed class TrainingFiles
{
    private readonly string dir;
    private readonly bool eachAtomically;

    private TrainingFiles(string dir, bool eachAtomically)
    {
        this.dir = dir;
        this.eachAtomically = eachAtomically;
    }

    /// <summary>Files in a folder that nothing else sees until it is complete (`train`).</summary>
    public static TrainingFiles InFreshFolder(string dir) => new(dir, eachAtomically: false);

    /// <summary>Files in a live folder, each written beside and renamed into place (`lm train`).</summary>
    public static TrainingFiles InRunFolder(string dir) => new(dir, eachAtomically: true);

    /// <summary>One file of the run.</summary>
    public void Write(string name, Action<Stream> write)
    {
        var path = Path.Combine(dir, name);
        if (eachAtomically)
        {
            AtomicOutput.WriteFile(path, write);
            return;
        }
        using var s = File.Create(path);
        write(s);
    }

    /// <summary>embedding.npy and unembedding.npy.</summary>
    public void WriteEmbeddings(double[,] embedding, double[,] unembedding)
    {
        Write("embedding.npy", s => Npy.WriteMatrix(s, embedding));
        Write("unembedding.npy", s => Npy.WriteMatrix(s, unembedding));
    }

    /// <summary>curves.csv, and curves.png drawn from <paramref name="panels"/>; a warning on
    /// <paramref name="warnings"/> instead of the picture when it cannot be drawn.</summary>
    public void WriteCurves(string csv, IReadOnlyList<PlotArtifact> panels, IFigureRenderer renderer, TextWriter warnings)
    {
        Write("curves.csv", s => s.Write(System.Text.Encoding.UTF8.GetBytes(csv)));
        const string png = "curves.png";
        try
        {
            if (!eachAtomically)
            {
                renderer.RenderStack(panels, Path.Combine(dir, png));
                return;
            }
            Write(png, s =>
            {
                // The renderer writes to a path; draw beside, then copy into the atomic stream.
                var tmp = Path.Combine(dir, $".curves-{Environment.ProcessId}.png");
                try
                {
                    renderer.RenderStack(panels, tmp);
                    using var drawn = File.OpenRead(tmp);
                    drawn.CopyTo(s);
                }
                finally { File.Delete(tmp); }
            });
        }
        catch (FigureUnavailableException e)
        {
            warnings.WriteLine($"probsig: warning: {png} not written: {e.Message}");
        }
    }
}
