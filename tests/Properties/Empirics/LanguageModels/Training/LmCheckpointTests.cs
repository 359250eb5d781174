using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Runtime;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

/// <summary>Checkpoints are replaced whole or not at all.</summary>
[TestFixture]
public sealed class LmCheckpointTests
{
    private string root = "";

    [OneTimeSetUp]
    public void Setup() => TorchRuntime.Initialise();

    [SetUp]
    public void MakeRoot() => root = Directory.CreateTempSubdirectory("probsig-lmckpt-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(root, recursive: true);

    private static LmTrainerState State(int step) => new()
    {
        Step = step, Config = new LmTrainingConfig(), Seed = 0, TokenizerId = "t", TrainingDocuments = 1, TrainingTokens = 10,
        HeldOutDocuments = 0, ElapsedSeconds = 1, Curve = [],
    };

    private static void Write(string dir, int step, Action<string>? model = null)
    {
        using var m = zeros(2, 2);
        LmCheckpoint.Write(dir, model ?? (d => File.WriteAllText(Path.Combine(d, "model.bin"), step.ToString())), ["model.bin"],
            new Dictionary<string, Tensor> { ["exp_avg.w"] = m }, State(step));
    }

    [Test]
    public void AFailureWhileWriting_LeavesThePreviousCheckpointWhole()
    {
        var dir = Path.Combine(root, "ckpt");
        Write(dir, 10);
        Assert.Throws<IOException>(() => Write(dir, 20, d =>
        {
            File.WriteAllText(Path.Combine(d, "model.bin"), "half");
            throw new IOException("disk full");
        }));
        Assert.That(LmCheckpoint.ReadState(dir).Step, Is.EqualTo(10));
        Assert.That(File.ReadAllText(Path.Combine(dir, "model.bin")), Is.EqualTo("10"));
        Assert.That(Directory.GetDirectories(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "ckpt" }));
    }

    [Test]
    public void AKillBetweenTheTwoRenames_IsRecovered()
    {
        var dir = Path.Combine(root, "ckpt");
        Write(dir, 10);
        // What a kill after "move the old folder aside" and before "move the new one in" leaves.
        Directory.Move(dir, Path.Combine(root, ".ckpt.old-999999"));
        Directory.CreateDirectory(Path.Combine(root, ".ckpt.tmp-999999"));
        Assert.That(LmCheckpoint.Exists(dir), Is.True);
        Assert.That(LmCheckpoint.ReadState(dir).Step, Is.EqualTo(10));
        Assert.That(Directory.GetDirectories(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "ckpt" }), "the incomplete temporary folder is removed");
    }
}
