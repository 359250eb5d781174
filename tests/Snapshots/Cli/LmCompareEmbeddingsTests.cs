using System.Text.Json;
using Google.Protobuf;
using NUnit.Framework;
using Onnx;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig lm compare --embeddings` on tables made here (a GloVe-format text file and a
/// BERT-style ONNX model with its vocab.txt, neither of them a source the code names) against
/// a text corpus: figures with their nulls, coverage, every output file; and the inputs that
/// must end in one line and exit 2 with nothing written.
/// </summary>
[TestFixture]
public sealed class LmCompareEmbeddingsTests
{
    private string root = "";
    private string corpus = "";
    private string glove = "";
    private string onnx = "";

    private static readonly string[] Nouns = ["cat", "dog", "bird", "horse", "fish", "mouse", "lion", "wolf"];
    private static readonly string[] Verbs = ["runs", "sleeps", "eats", "jumps", "swims", "sings"];
    private static readonly string[] Others = ["the", "a", "every", "some", "quickly", "slowly", "often", "rarely", "."];

    [OneTimeSetUp]
    public void Setup()
    {
        root = CliRunner.TempFolder();
        corpus = Path.Combine(root, "corpus.txt");
        var rng = new Random(7);
        var lines = Enumerable.Range(0, 2000).Select(_ =>
            $"{Others[rng.Next(4)]} {Nouns[rng.Next(Nouns.Length)]} {Verbs[rng.Next(Verbs.Length)]} {Others[4 + rng.Next(4)]} . Zebra");
        File.WriteAllText(corpus, string.Join("\n", lines));

        // Vectors with structure: nouns near one direction, verbs near another, plus noise.
        var words = Nouns.Concat(Verbs).Concat(Others).ToArray();
        var vectors = words.Select(w => Vector(rng, Nouns.Contains(w) ? 0 : Verbs.Contains(w) ? 1 : 2)).ToArray();
        glove = Path.Combine(root, "vectors.6d.txt");
        File.WriteAllLines(glove, words.Select((w, i) => w + " " + string.Join(" ", vectors[i].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));

        // A BERT-style model: vocab.txt beside model.onnx, the table under BERT's initializer name.
        var bert = Path.Combine(root, "bert");
        Directory.CreateDirectory(bert);
        string[] vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. words, "##s", "ze", "##bra"];
        File.WriteAllLines(Path.Combine(bert, "vocab.txt"), vocab);
        var table = vocab.SelectMany(t => Vector(rng, Nouns.Contains(t) ? 0 : Verbs.Contains(t) ? 1 : 2)).ToArray();
        onnx = Path.Combine(bert, "model.onnx");
        WriteOnnx(onnx, ("embeddings.word_embeddings.weight", vocab.Length, 6, table), ("embeddings.position_embeddings.weight", 4, 6, new float[24]));
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private static float[] Vector(Random rng, int group) =>
        Enumerable.Range(0, 6).Select(c => (float)((c / 2 == group ? 1.0 : 0.0) + 0.3 * (rng.NextDouble() - 0.5))).ToArray();

    private static void WriteOnnx(string path, params (string Name, int Rows, int Columns, float[] Values)[] initializers)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "probsig-test", Graph = new GraphProto { Name = "g" } };
        foreach (var (name, rows, columns, values) in initializers)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange([rows, columns]);
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
            tensor.RawData = ByteString.CopyFrom(bytes);
            model.Graph.Initializer.Add(tensor);
        }
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private CliRunner.Result Compare(string embeddings, string? output, params string[] more) => CliRunner.Run(
        ["lm", "compare", "--embeddings", embeddings, "--corpus", corpus, "--top", "20", "--window", "3", "--weights", "harmonic",
         "--kendall-permutations", "3", "--ppmi-rank", "4", .. more.Contains("--permutations") ? [] : new[] { "--permutations", "19" },
         .. output is null ? [] : new[] { "--out", output }, .. more]);

    /// <summary>The run ended with one line, "probsig: ..." (progress lines may come before it).</summary>
    private static string FinalLine(CliRunner.Result r)
    {
        var lines = r.StdErr.Trim().Split('\n');
        Assert.That(lines.Count(l => l.StartsWith("probsig:", StringComparison.Ordinal)), Is.EqualTo(1), r.StdErr);
        Assert.That(lines[^1], Does.StartWith("probsig: "), r.StdErr);
        return lines[^1];
    }

    [TestCase("glove")]
    [TestCase("onnx")]
    public void Compare_ATableTrainedElsewhere_GivesFiguresWithNullsAndCoverage(string kind)
    {
        var output = Path.Combine(root, "out-" + kind);
        var r = Compare(kind == "glove" ? glove : onnx, output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("coverage").Or.Contain("corpus tokens"));
        Assert.That(r.StdOut, Does.Contain("next_w3+previous_w3").And.Contain("spearman"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "compare.json")));
        var top = json.RootElement;
        Assert.That(top.GetProperty("embeddings").GetString(), Does.StartWith(kind == "glove" ? "glove:" : "onnx:"));
        var coverage = top.GetProperty("coverage");
        // "Zebra" has no row of its own: a word it is unknown; as word pieces it is ze ##bra.
        double fraction = coverage.GetProperty("covered_fraction").GetDouble();
        if (kind == "glove") Assert.That(fraction, Is.EqualTo(5.0 / 6).Within(1e-9), "one word in six (Zebra) has no vector");
        else Assert.That(fraction, Is.EqualTo(1.0), "every word splits into word pieces of the vocabulary: " + coverage + " " + string.Join(",", top.GetProperty("strings").EnumerateArray()));
        var rows = top.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.That(rows.Select(x => x.GetProperty("side").GetString()).Distinct(), Is.EqualTo(new[] { "embedding" }));
        Assert.That(rows.Select(x => x.GetProperty("signature").GetString()),
            Is.EqualTo(new[] { "next", "previous", "next+previous", "next_w3", "previous_w3", "next_w3+previous_w3", "ppmi_svd" }));
        foreach (var row in rows)
        {
            var spearman = row.GetProperty("metrics").GetProperty("spearman");
            Assert.That(spearman.GetProperty("p").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(spearman.GetProperty("permutations").GetInt32(), Is.EqualTo(19));
            Assert.That(double.IsFinite(spearman.GetProperty("null_std").GetDouble()));
        }
        var strings = top.GetProperty("strings").EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.That(strings, Does.Not.Contain("[UNK]").And.Not.Contain("<unk>").And.Not.Contain("[CLS]"), "unknown and special tokens are never compared");
        foreach (var file in new[] { "embedding_cosine.npy", "next_w3_previous_w3_cosine.npy", "ppmi_svd_cosine.npy" })
            Assert.That(File.Exists(Path.Combine(output, file)), file);
    }

    [Test]
    public void Compare_AgreesWithTheIndependentJavaScriptCheck()
    {
        // Reference/embedding_compare_check.js reads the vectors and the corpus itself and
        // recomputes the tokens, the observed cosine, the windowed two-sided signature and Spearman.
        var output = Path.Combine(root, "out-js");
        var r = Compare(glove, output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Reference", "embedding_compare_check.js");
        var psi = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, glove, corpus, output, "3", "harmonic" }) psi.ArgumentList.Add(a);
        System.Diagnostics.Process process;
        try { process = System.Diagnostics.Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Ignore("node is not installed: the JavaScript check cannot run here"); throw; }
        var text = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error);
        TestContext.Out.WriteLine(text);
        using var json = JsonDocument.Parse(text);
        var o = json.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(o.GetProperty("same_tokens").GetBoolean(), "the same compared tokens in the same order");
            Assert.That(o.GetProperty("tokens_counted").GetInt64(), Is.EqualTo(o.GetProperty("tokens_counted_probsig").GetInt64()));
            Assert.That(o.GetProperty("covered_fraction").GetDouble(), Is.EqualTo(o.GetProperty("covered_fraction_probsig").GetDouble()).Within(1e-15));
            Assert.That(o.GetProperty("observed_max_difference").GetDouble(), Is.LessThan(1e-12));
            Assert.That(o.GetProperty("signature_max_difference").GetDouble(), Is.LessThan(1e-12));
            Assert.That(o.GetProperty("spearman").GetDouble(), Is.EqualTo(o.GetProperty("spearman_probsig").GetDouble()).Within(1e-12));
        }
    }

    [Test]
    public void Compare_Structure_IsFoundInTheTable_AndBeatsItsNull()
    {
        // Nouns share contexts and vectors here, so the table must agree with the signature.
        var r = Compare(glove, null, "--permutations", "99");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var line = r.StdOut.Split('\n').First(l => l.StartsWith("embedding    next_w3+previous_w3 spearman ", StringComparison.Ordinal));
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(double.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0.3), line);
        Assert.That(double.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(0.05), line);
    }

    [Test]
    public void Onnx_WithoutTheNamedInitializer_OneLineExit2_NothingWritten()
    {
        var output = Path.Combine(root, "out-missing");
        var r = Compare($"onnx:{onnx}:encoder.word_embeddings", output);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(FinalLine(r), Does.Contain("--embeddings").And.Contain("no initializer named 'encoder.word_embeddings'").And.Contain("embeddings.word_embeddings.weight"));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [TestCase("--tokenizer", "Qwen2.5 is not a table's tokenizer", "leave --tokenizer out")]
    [TestCase("--checkpoint", "both", "not both")]
    public void Compare_RefusesMixedInputs(string option, string _, string expected)
    {
        var r = option == "--tokenizer" ? Compare(glove, null, "--tokenizer", "qwen2.5") : Compare(glove, null, "--checkpoint", root);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain(expected));
    }

    [Test]
    public void GloveFile_WithABadLine_OneLineExit2_NamingTheFileAndLine()
    {
        var bad = Path.Combine(root, "bad.txt");
        File.WriteAllLines(bad, ["cat 0.1 0.2 0.3", "dog 0.1 0.2", "bird 0.1 0.2 0.3"]);
        var r = Compare(bad, Path.Combine(root, "out-bad"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(FinalLine(r), Does.Contain(bad + ":2:"));
        Assert.That(Directory.Exists(Path.Combine(root, "out-bad")), Is.False);
    }
}
