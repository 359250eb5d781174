using ProbSig.Bench.Peers;

namespace ProbSig.Bench;

/// <summary>
/// What every bench group is given: the options, a progress line writer (long work says what it
/// is doing), the peers, probed once, and a scratch folder for the files a peer reads (removed
/// when the run ends).
/// </summary>
public sealed class BenchContext : IDisposable
{
    private readonly Lazy<PythonPeer> python;
    private readonly Lazy<NodePeer> node;
    private readonly Lazy<string> scratch;

    /// <summary>A context for one run.</summary>
    public BenchContext(BenchOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Log = log ?? (_ => { });
        python = new(() => PythonPeer.Probe(options.Python, options.NoPeers));
        node = new(() => NodePeer.Probe(options.Node, options.NoPeers));
        scratch = new(() => Directory.CreateTempSubdirectory("probsig-bench-").FullName);
    }

    /// <summary>The run's options.</summary>
    public BenchOptions Options { get; }

    /// <summary>Writes one progress line (to stderr in the CLI).</summary>
    public Action<string> Log { get; }

    /// <summary>PyTorch eager, or why it is absent.</summary>
    public PythonPeer Python => python.Value;

    /// <summary>The JavaScript reference tokenizer, or why it is absent.</summary>
    public NodePeer Node => node.Value;

    /// <summary>A folder of this run's own; deleted by <see cref="Dispose"/>.</summary>
    public string Scratch => scratch.Value;

    private readonly Dictionary<string, object> shared = new(StringComparer.Ordinal);

    /// <summary>What several groups read (Brown's documents and their ids), made once per run
    /// by the first group that asks and reused by the others.</summary>
    public T Shared<T>(string key, Func<T> make) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(make);
        if (shared.TryGetValue(key, out var value)) return (T)value;
        var made = make();
        shared[key] = made;
        return made;
    }

    /// <summary>Removes the scratch folder.</summary>
    public void Dispose()
    {
        if (scratch.IsValueCreated && Directory.Exists(scratch.Value))
        {
            try { Directory.Delete(scratch.Value, recursive: true); }
            catch (IOException) { }   // a peer still holding a file: the OS's temp cleaning takes it
        }
    }
}
