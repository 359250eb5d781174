using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Tests.Snapshots.Report;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig train` on a tiny task: every file is written and reads back with the right
/// shapes and token order; bad options and a diverging run leave no folder.
/// </summary>
[TestFixture]
public sealed class TrainCommandTests
{
    /// <summary>12 numbers, keys 2..5, anchors +-1, one anchor position: V = 14 input tokens, C = 12 classes.</summary>
    private static readonly string[] TinyTask = ["--numbers", "12", "--keys", "2..5", "--anchors", "1,-1", "--anchor-positions", "1"];

    private static (CliRunner.Result Run, string Dir) Train(params string[] args)
    {
        var dir = Path.Combine(CliRunner.TempFolder(), "run");
        return (CliRunner.Run(["train", .. TinyTask, .. args, "--out", dir]), dir);
    }

    private static Npy.Array ReadNpy(string path)
    {
        using var s = File.OpenRead(path);
        return Npy.Read(s);
    }

    [Test]
    public void TinyTask_WritesEveryFile_WithShapesInPredictTokenOrder()
    {
        var (run, dir) = Train("--width", "8", "--steps", "50", "--log-every", "10");
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        foreach (var f in new[] { "embedding.npy", "unembedding.npy", "tokens.json", "metrics.json", "curves.csv", "curves.png" })
            Assert.That(File.Exists(Path.Combine(dir, f)), Is.True, f);

        using var tokens = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokens.json")));
        var names = tokens.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()).ToArray();
        var classes = tokens.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.That(names, Has.Length.EqualTo(14));
        Assert.That(classes, Has.Length.EqualTo(12));

        // Rows follow the token order of `predict` on the same task.
        var predicted = Path.Combine(CliRunner.TempFolder(), "predict.json");
        Assert.That(CliRunner.Run(["predict", .. TinyTask, "--width", "8", "--out", predicted]).ExitCode, Is.Zero);
        using var predict = JsonDocument.Parse(File.ReadAllText(predicted));
        Assert.That(names, Is.EqualTo(predict.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()).ToArray()));

        var embedding = ReadNpy(Path.Combine(dir, "embedding.npy"));
        Assert.That(embedding.Dtype, Is.EqualTo("<f8"));
        Assert.That(embedding.Shape, Is.EqualTo(new[] { 14, 8 }));
        Assert.That(embedding.Data.All(double.IsFinite), Is.True);
        Assert.That(ReadNpy(Path.Combine(dir, "unembedding.npy")).Shape, Is.EqualTo(new[] { 12, 8 }));

        var csv = File.ReadAllLines(Path.Combine(dir, "curves.csv"));
        Assert.That(csv[0], Is.EqualTo("step,loss,accuracy,r_cos"));
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "0", "10", "20", "30", "40", "50" }));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var m = metrics.RootElement;
        var lastRow = csv[^1].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(m.GetProperty("final_loss").GetDouble(), Is.EqualTo(double.Parse(lastRow[1], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(m.GetProperty("final_accuracy").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(m.GetProperty("r_cos").GetDouble(), Is.InRange(-1.0, 1.0));
            Assert.That(m.GetProperty("sigma_1").GetDouble(), Is.GreaterThan(0));
            Assert.That(m.GetProperty("t_star").GetDouble(), Is.GreaterThan(0));
            Assert.That(m.GetProperty("seed").GetInt32(), Is.Zero);
            Assert.That(m.GetProperty("elapsed_s").GetDouble(), Is.GreaterThan(0));
            Assert.That(m.GetProperty("config").GetProperty("model").GetProperty("width").GetInt32(), Is.EqualTo(8));
            Assert.That(m.GetProperty("config").GetProperty("training").GetProperty("steps").GetInt32(), Is.EqualTo(50));
            Assert.That(m.GetProperty("config").GetProperty("task").GetProperty("keys").GetString(), Is.EqualTo("2..5"));
        });
        ReportFiles.AssertPng(Path.Combine(dir, "curves.png"));
    }

    [Test]
    public void SameSeed_SameEmbedding_OtherSeed_Differs()
    {
        var (a, dirA) = Train("--width", "8", "--steps", "20", "--seed", "3");
        var (b, dirB) = Train("--width", "8", "--steps", "20", "--seed", "3");
        var (c, dirC) = Train("--width", "8", "--steps", "20", "--seed", "4");
        Assert.That(new[] { a.ExitCode, b.ExitCode, c.ExitCode }, Is.All.Zero, a.StdErr + b.StdErr + c.StdErr);
        var ea = ReadNpy(Path.Combine(dirA, "embedding.npy")).Data;
        Assert.That(ReadNpy(Path.Combine(dirB, "embedding.npy")).Data, Is.EqualTo(ea));
        Assert.That(ReadNpy(Path.Combine(dirC, "embedding.npy")).Data, Is.Not.EqualTo(ea));
    }

    [TestCase("embedding", "tanh", "gd")]
    [TestCase("hidden", "gelu", "adamw")]
    public void FeedForward_Trains(string shape, string activation, string optimizer)
    {
        var (run, dir) = Train("--model", "ffn", "--shape", shape, "--activation", activation, "--optimizer", optimizer,
            "--width", "8", "--hidden-width", "6", "--steps", "20", "--lr", "0.05", "--dtype", "float32");
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(ReadNpy(Path.Combine(dir, "embedding.npy")).Shape, Is.EqualTo(new[] { 14, 8 }));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var model = metrics.RootElement.GetProperty("config").GetProperty("model");
        Assert.That(model.GetProperty("kind").GetString(), Is.EqualTo("ffn-" + shape));
        Assert.That(model.GetProperty("activation").GetString(), Is.EqualTo(activation));
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        TestCaseData Case(string name, string mustName, params string[] args) => new TestCaseData(args, mustName).SetName(name);
        yield return Case("UnknownModel_IsNamed", "--model", "--model", "cnn");
        yield return Case("UnknownShape_IsNamed", "--shape", "--model", "ffn", "--shape", "deep");
        yield return Case("UnknownActivation_IsNamed", "--activation", "--model", "ffn", "--activation", "swish");
        yield return Case("UnknownOptimizer_IsNamed", "--optimizer", "--optimizer", "lbfgs");
        yield return Case("SgdWithoutBatch_IsNamed", "--batch-size", "--optimizer", "sgd");
        yield return Case("GdWithBatch_IsNamed", "--batch-size", "--optimizer", "gd", "--batch-size", "4");
        yield return Case("WeightDecayWithoutAdamW_IsNamed", "--weight-decay", "--weight-decay", "0.1");
        yield return Case("ZeroLr_IsNamed", "--lr", "--lr", "0");
        yield return Case("NegativeSteps_IsNamed", "--steps", "--steps=-1");
        yield return Case("ZeroWidth_IsNamed", "--width", "--width", "0");
        yield return Case("StdAndGamma_IsNamed", "--gamma", "--init-std", "0.01", "--gamma", "0.5");
        yield return Case("UnknownDtype_IsNamed", "--dtype", "--dtype", "float16");
        yield return Case("UnknownDevice_IsNamed", "--device", "--device", "tpu");
        yield return Case("BadTask_IsNamed", "--keys", "--keys", "2-5");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void BadOption_OneLineNamingIt_ExitTwo_NoFolder(string[] args, string mustName)
    {
        var (run, dir) = Train(args);
        TestContext.Out.WriteLine(run.StdErr);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StdErr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.StdErr, Does.Contain(mustName));
        ReportFiles.AssertNothingLeft(dir);
    }

    [Test]
    public void CudaWithoutGpu_ExitTwo_NoFolder()
    {
        if (ProbSig.Empirics.Runtime.TorchRuntime.CudaAvailable()) Assert.Ignore("a CUDA device is usable here");
        var (run, dir) = Train("--device", "cuda");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StdErr, Does.Contain("--device 'cuda': no CUDA device"));
        ReportFiles.AssertNothingLeft(dir);
    }

    [Test]
    public void MissingOut_ExitTwo()
    {
        var run = CliRunner.Run(["train", .. TinyTask]);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StdErr, Does.Contain("--out"));
    }

    [Test]
    public void HugeLearningRate_Diverges_OneLineWithStepAndLastLoss_ExitOne_NoFolder()
    {
        var (run, dir) = Train("--width", "8", "--steps", "50", "--init-std", "1", "--lr", "1e300");
        TestContext.Out.WriteLine(run.StdErr);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        var lines = run.StdErr.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Match(@"diverged at step \d+").And.Contain("last finite loss was"));
        ReportFiles.AssertNothingLeft(dir);
    }
}
