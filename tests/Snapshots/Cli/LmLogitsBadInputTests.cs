using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// Each bad checkpoint of issue 7 (and bad ids) makes `probsig lm logits` exit 2 with one
/// line naming the tensor or file, and write no output.
/// </summary>
[TestFixture]
public sealed class LmLogitsBadInputTests
{
    private const string Shard2 = "model-00002-of-00002.safetensors";

    private static Dictionary<string, object> Spec(bool tied = false, int shards = 1) => new()
    {
        ["seed"] = 7, ["dtype"] = "F32", ["shards"] = shards,
        ["config"] = LmLogitsNode.Config(vocab: 40, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2, tied: tied),
    };

    private static Dictionary<string, object> With(Dictionary<string, object> spec, string key, object value)
    {
        spec[key] = value;
        return spec;
    }

    /// <summary>Case name, how to make the checkpoint, what to break afterwards, what the message must name.</summary>
    private static IEnumerable<TestCaseData> BadCheckpoints()
    {
        yield return Case("MissingTensor", With(Spec(), "drop", new[] { "model.layers.1.mlp.up_proj.weight" }), null,
            "tensor 'model.layers.1.mlp.up_proj.weight' is missing", "[24, 16]", "model.safetensors");
        yield return Case("ShapeDisagreesWithConfig", With(Spec(), "configOverrides", new Dictionary<string, object> { ["intermediate_size"] = 20 }), null,
            "model.safetensors", "tensor 'model.layers.0.mlp.gate_proj.weight' has shape [24, 16] but config.json implies [20, 16]");
        yield return Case("UnsupportedDtypeF64", With(Spec(), "dtypeOf", new Dictionary<string, string> { ["model.norm.weight"] = "F64" }), null,
            "model.safetensors", "tensor 'model.norm.weight' has dtype F64", "F32, F16 or BF16");
        yield return Case("UnsupportedDtypeI8", With(Spec(), "dtypeOf", new Dictionary<string, string> { ["model.layers.0.self_attn.k_proj.bias"] = "I8" }), null,
            "tensor 'model.layers.0.self_attn.k_proj.bias' has dtype I8");
        yield return Case("TruncatedFile", Spec(), dir => Truncate(Path.Combine(dir, "model.safetensors"), 100),
            "model.safetensors", "truncated", "tensor '");
        yield return Case("MissingConfigJson", Spec(), dir => File.Delete(Path.Combine(dir, "config.json")),
            "config.json", "no such file");
        yield return Case("MissingShard", Spec(shards: 2), dir => File.Delete(Path.Combine(dir, Shard2)),
            Shard2, "missing", "model.safetensors.index.json");
        yield return Case("MissingWeights", Spec(), dir => File.Delete(Path.Combine(dir, "model.safetensors")),
            "no model.safetensors or model.safetensors.index.json");
        yield return Case("UnexpectedTensor", With(Spec(), "extra", new Dictionary<string, bool> { ["model.layers.0.self_attn.extra_scale"] = true }), null,
            "tensor 'model.layers.0.self_attn.extra_scale' is not part of a Qwen2 model");
        yield return Case("TiedConfigButDifferentHead", With(Spec(), "configOverrides", new Dictionary<string, object> { ["tie_word_embeddings"] = true }), null,
            "'lm_head.weight' differs from 'model.embed_tokens.weight'", "tie_word_embeddings");
        yield return Case("RopeScaling", With(Spec(), "configOverrides", new Dictionary<string, object> { ["rope_scaling"] = new Dictionary<string, object> { ["type"] = "yarn", ["factor"] = 4.0 } }), null,
            "config.json", "rope_scaling", "not supported");
        yield return Case("SlidingWindow", With(Spec(), "configOverrides", new Dictionary<string, object> { ["use_sliding_window"] = true }), null,
            "config.json", "use_sliding_window");
        yield return Case("NotQwen2", With(Spec(), "configOverrides", new Dictionary<string, object> { ["model_type"] = "llama" }), null,
            "config.json", "model_type is 'llama'");
    }

    private static TestCaseData Case(string name, Dictionary<string, object> spec, Action<string>? breakIt, params string[] mustContain) =>
        new TestCaseData(spec, breakIt, mustContain).SetName($"Logits_BadCheckpoint_{name}_ExitTwoNamingIt");

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(stream.Length - bytes);
    }

    [TestCaseSource(nameof(BadCheckpoints))]
    public void BadCheckpoint_ExitTwoOneLineNamingTheTensorOrFile(Dictionary<string, object> spec, Action<string>? breakIt, string[] mustContain)
    {
        var checkpoint = LmLogitsNode.MakeCheckpoint(spec);
        breakIt?.Invoke(checkpoint);
        var output = Path.Combine(CliRunner.TempFolder(), "logits.npy");
        var run = CliRunner.Run("lm", "logits", "--checkpoint", checkpoint, "--ids", LmLogitsNode.WriteIds(new[] { 1, 2, 3 }), "--out", output);
        TestContext.Out.WriteLine(run.StdErr);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line");
        Assert.That(run.StdErr, Does.StartWith("probsig: --checkpoint"));
        foreach (var fragment in mustContain) Assert.That(run.StdErr, Does.Contain(fragment));
        Assert.That(File.Exists(output), Is.False);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.Empty, "no temporary file left");
    }

    private static IEnumerable<TestCaseData> BadIds()
    {
        yield return new TestCaseData("[1, 2, 40]", "position 2: id 40 is outside the vocabulary 0..39").SetName("Logits_BadIds_OutOfVocabulary");
        yield return new TestCaseData("[1, -1]", "id -1 is outside the vocabulary").SetName("Logits_BadIds_Negative");
        yield return new TestCaseData("[1, 2.5, 3]", "2.5 is not an integer token id").SetName("Logits_BadIds_NotAnInteger");
        yield return new TestCaseData("[1, \"a\"]", "\"a\" is not an integer token id").SetName("Logits_BadIds_String");
        yield return new TestCaseData("[[1, 2, 3], [4, 5]]", "sequence 1 has 2 ids but sequence 0 has 3").SetName("Logits_BadIds_Ragged");
        yield return new TestCaseData("[]", "non-empty JSON array").SetName("Logits_BadIds_Empty");
        yield return new TestCaseData("[1, 2", "not valid JSON").SetName("Logits_BadIds_MalformedJson");
    }

    [TestCaseSource(nameof(BadIds))]
    public void BadIds_ExitTwoNamingTheInput(string json, string mustContain)
    {
        var checkpoint = LmLogitsNode.MakeCheckpoint(Spec());
        var ids = Path.Combine(CliRunner.TempFolder(), "ids.json");
        File.WriteAllText(ids, json);
        var output = Path.Combine(CliRunner.TempFolder(), "logits.npy");
        var run = CliRunner.Run("lm", "logits", "--checkpoint", checkpoint, "--ids", ids, "--out", output);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.StartWith($"probsig: --ids '{ids}'"));
        Assert.That(run.StdErr, Does.Contain(mustContain));
        Assert.That(run.StdErr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(File.Exists(output), Is.False);
    }
}
