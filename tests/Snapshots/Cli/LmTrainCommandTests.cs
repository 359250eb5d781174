using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig lm train` end to end on a small text corpus with tiny sizes: the output folder,
/// a real kill and resume in a child process, and bad options.
/// </summary>
[TestFixture]
public sealed class LmTrainCommandTests
{
    private string work = "";

    [SetUp]
    public void MakeWork() => work = CliRunner.TempFolder();

    [TearDown]
    public void RemoveWork() => Directory.Delete(work, recursive: true);

    /// <summary>A folder of 16 text documents from a small vocabulary with some structure.</summary>
    private string Corpus()
    {
        var dir = Path.Combine(work, "corpus");
        Directory.CreateDirectory(dir);
        var rng = new Random(7);
        string[] subjects = ["the key", "an anchor", "the label", "a signature", "the model"], verbs = ["adds", "moves", "predicts", "shapes"], objects = ["five tokens", "one embedding", "the 17 classes", "two numbers"];
        for (int d = 0; d < 16; d++)
        {
            var sentences = Enumerable.Range(0, 40).Select(_ => $"{subjects[rng.Next(subjects.Length)]} {verbs[rng.Next(verbs.Length)]} {objects[rng.Next(objects.Length)]}.");
            File.WriteAllText(Path.Combine(dir, $"doc{d:D2}.txt"), string.Join(" ", sentences));
        }
        return dir;
    }

    /// <summary>Tiny sizes, one libtorch thread (results are bit-reproducible at one thread count,
    /// and one thread is the faster on a machine shared with other work).</summary>
    private static string[] Tiny(string corpus, string outDir, int steps, string tokenizer = "bpe:300") =>
        ["lm", "train", "--corpus", corpus, "--tokenizer", tokenizer, "--steps", steps.ToString(), "--batch", "4", "--seq", "32", "--threads", "1", "--out", outDir];

    [Test]
    public void Train_WritesCheckpointTokenizerEmbeddingsAndCurves()
    {
        var outDir = Path.Combine(work, "run");
        var run = CliRunner.Run(Tiny(Corpus(), outDir, 20));
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(run.StdErr, Does.Contain("step 20 / 20"));
        Assert.That(run.StdErr, Does.Contain("tokens/s"));
        Assert.That(run.StdOut, Does.StartWith("trained cpu-tiny for 20 steps"));
        var files = Directory.GetFiles(outDir).Select(Path.GetFileName).ToArray();
        Assert.That(files, Is.SupersetOf(new[]
        {
            "model.safetensors", "vocab.json", "merges.txt", "embedding.npy", "unembedding.npy", "tokens.json",
            "curves.csv", "curves.png", "trainer_state.json", "training_state.safetensors",
        }));
        Assert.That(Directory.GetDirectories(work).Select(Path.GetFileName), Is.EquivalentTo(new[] { "corpus", "run" }), "no temporary folder is left");

        var tokenizer = TokenizerFiles.Load(outDir);
        Assert.That(tokenizer.VocabularySize, Is.EqualTo(300));
        Npy.Array embedding, unembedding;
        using (var s = File.OpenRead(Path.Combine(outDir, "embedding.npy"))) embedding = Npy.Read(s);
        using (var s = File.OpenRead(Path.Combine(outDir, "unembedding.npy"))) unembedding = Npy.Read(s);
        Assert.That(embedding.Shape, Is.EqualTo(new[] { 300, 128 }));
        Assert.That(unembedding.Shape, Is.EqualTo(new[] { 300, 128 }));
        Assert.That(unembedding.Data, Is.Not.EqualTo(embedding.Data), "cpu-tiny is untied by default");

        var csv = File.ReadAllLines(Path.Combine(outDir, "curves.csv"));
        Assert.That(csv[0], Is.EqualTo("step,loss,eval_loss,lr,grad_norm,tokens_per_s"));
        Assert.That(csv[^1], Does.StartWith("20,"));
        var state = LmCheckpoint.ReadState(outDir);
        Assert.That(state.Step, Is.EqualTo(20));
        Assert.That(state.TokenizerId, Does.StartWith("builtin:300:"));
    }

    /// <summary>The points of an agreement.json, as written (the resumed run's must equal the uninterrupted run's).</summary>
    private static string AgreementPoints(string run)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "agreement.json")));
        return json.RootElement.GetProperty("points").GetRawText();
    }

    /// <summary>
    /// --eval-every (issue 16, item 4): the agreement curve at step 0, every eval step and the last,
    /// over the top tokens of the training documents (the held-out one is not counted: the counted
    /// tokens are the trainer's), written as agreement.json and agreement.png beside the run.
    /// </summary>
    [Test]
    public void EvalEvery_WritesTheAgreementCurve_AtStepZeroEachEvalStepAndTheLast_OverTheTrainingTokens()
    {
        var corpus = Corpus();
        var outDir = Path.Combine(work, "run");
        var run = CliRunner.Run([.. Tiny(corpus, outDir, 12), "--eval-every", "5", "--curve-top", "30"]);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        foreach (var step in new[] { 0, 5, 10, 12 })
            Assert.That(run.StdErr, Does.Contain($"agreement at step {step} (30 tokens"));
        Assert.That(run.StdErr, Does.Not.Contain("agreement at step 1 "));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "agreement.json")));
        var root = json.RootElement;
        var points = root.GetProperty("points").EnumerateArray().ToArray();
        Assert.That(points.Select(p => p.GetProperty("step").GetInt32()), Is.EqualTo(new[] { 0, 5, 10, 12 }));
        foreach (var p in points)
            foreach (var side in new[] { "embedding", "unembedding" })
            {
                var e = p.GetProperty(side);
                Assert.That(e.GetProperty("spearman").GetDouble(), Is.InRange(-1.0, 1.0));
                Assert.That(e.GetProperty("null_sd").GetDouble(), Is.GreaterThan(0));
                Assert.That(e.GetProperty("precision").GetDouble(), Is.InRange(0.0, 1.0));
                Assert.That(e.GetProperty("null_mean").ValueKind, Is.EqualTo(JsonValueKind.Number));
            }
        Assert.That(root.GetProperty("tokens").GetInt32(), Is.EqualTo(30));
        Assert.That(root.GetProperty("ids").GetArrayLength(), Is.EqualTo(30));
        Assert.That(root.GetProperty("strings").GetArrayLength(), Is.EqualTo(30));
        Assert.That(root.GetProperty("strata").GetInt32(), Is.EqualTo(16));
        Assert.That(root.GetProperty("permutations").GetInt32(), Is.EqualTo(19));
        Assert.That(root.GetProperty("embedding_reference").GetString(), Is.EqualTo("next"));
        Assert.That(root.GetProperty("unembedding_reference").GetString(), Is.EqualTo("previous"));

        // The counted tokens are the trained ones: the first 15 of the 16 documents (5% held out), in the saved tokenizer's ids.
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, LmCheckpoint.TrainerStateFile))).RootElement;
        Assert.That(root.GetProperty("training_tokens_counted").GetInt64(), Is.EqualTo(state.GetProperty("training_tokens").GetInt64()));
        Assert.That(root.GetProperty("training_documents_counted").GetInt32(), Is.EqualTo(state.GetProperty("training_documents").GetInt32()).And.EqualTo(15));
        var tokenizer = TokenizerFiles.Load(outDir);
        var counts = Directory.GetFiles(corpus).Order(StringComparer.Ordinal).Take(15)
            .SelectMany(f => tokenizer.Encode(File.ReadAllText(f))).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.That(ids[0], Is.EqualTo(counts.MaxBy(kv => kv.Value).Key));
        Assert.That(ids.Select(t => counts[t]), Is.Ordered.Descending);
        Assert.That(counts.Values.Sum(), Is.EqualTo(root.GetProperty("training_tokens_counted").GetInt64()));

        var png = File.ReadAllBytes(Path.Combine(outDir, "agreement.png"));
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        Assert.That(Directory.GetFiles(outDir).Select(Path.GetFileName).Where(f => f!.StartsWith('.')), Is.Empty, "no temporary file is left");
    }

    [TestCase("--curve-top", "0")]
    [TestCase("--eval-every", "0")]
    public void CurveTopOrEvalEveryZero_WritesNoAgreementCurve(string option, string value)
    {
        var outDir = Path.Combine(work, "run");
        var run = CliRunner.Run([.. Tiny(Corpus(), outDir, 4), option, value]);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(run.StdErr, Does.Not.Contain("agreement at step"));
        Assert.That(File.Exists(Path.Combine(outDir, "agreement.json")) || File.Exists(Path.Combine(outDir, "agreement.png")), Is.False);
        Assert.That(File.Exists(Path.Combine(outDir, "curves.png")), Is.True);
    }

    [Test]
    public void Tied_WritesTheEmbeddingAsUnembedding_AndTheTokenizerFolderReloads()
    {
        var corpus = Corpus();
        var first = Path.Combine(work, "first");
        Assert.That(CliRunner.Run(Tiny(corpus, first, 4)).ExitCode, Is.Zero);
        var second = Path.Combine(work, "tied");
        var run = CliRunner.Run([.. Tiny(corpus, second, 4, tokenizer: first), "--tied"]);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(File.ReadAllBytes(Path.Combine(second, "unembedding.npy")), Is.EqualTo(File.ReadAllBytes(Path.Combine(second, "embedding.npy"))));
        Assert.That(File.ReadAllText(Path.Combine(second, "vocab.json")), Is.EqualTo(File.ReadAllText(Path.Combine(first, "vocab.json"))));
    }

    /// <summary>Starts `probsig ARGS` in a child process and waits (at most 60 s) until
    /// <paramref name="ready"/> holds or the child has ended.</summary>
    private static Process StartChild(IEnumerable<string> args, Func<bool> ready)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "probsig.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var child = Process.Start(start)!;
        child.ErrorDataReceived += (_, _) => { };
        child.OutputDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (!ready() && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
        return child;
    }

    /// <summary>
    /// A run killed (SIGKILL) in a child process after its first checkpoint, then resumed, ends
    /// with the same model.safetensors, byte for byte, as a run left alone.
    /// </summary>
    [Test]
    public void KilledRun_ResumesToTheSameWeightsAsARunLeftAlone()
    {
        var corpus = Corpus();
        // The child is killed within about 20 ms of its first checkpoint (step 2), long before step 30.
        const int steps = 30;
        var alone = Path.Combine(work, "alone");
        // Points of the agreement curve at the checkpoints' steps: a kill between a checkpoint and
        // its point leaves the resumed run to read that point from the checkpoint.
        var args = Tiny(corpus, alone, steps).Concat(new[] { "--checkpoint-every", "2", "--eval-every", "2" }).ToArray();
        var straight = CliRunner.Run(args);
        Assert.That(straight.ExitCode, Is.Zero, straight.StdErr);

        var killed = Path.Combine(work, "killed");
        var childArgs = args.Select(a => a == alone ? killed : a).ToArray();
        using (var child = StartChild(childArgs, () => File.Exists(Path.Combine(killed, LmCheckpoint.TrainerStateFile))))
        {
            Assert.That(child.HasExited, Is.False, "the child finished before it could be killed");
            child.Kill();   // SIGKILL: no cleanup runs
            child.WaitForExit();
        }
        int killedAt = LmCheckpoint.ReadState(killed).Step;
        Assert.That(killedAt, Is.GreaterThan(0).And.LessThan(steps));

        var resumed = CliRunner.Run([.. childArgs, "--resume"]);
        Assert.That(resumed.ExitCode, Is.Zero, resumed.StdErr);
        Assert.That(resumed.StdErr, Does.Contain($"resuming from step "));
        TestContext.Out.WriteLine($"killed at the checkpoint of step {killedAt}" +
            (resumed.StdErr.Contains($"agreement at step {killedAt} (") ? "; its agreement point was read from the checkpoint" : ""));
        Assert.That(File.ReadAllBytes(Path.Combine(killed, "model.safetensors")), Is.EqualTo(File.ReadAllBytes(Path.Combine(alone, "model.safetensors"))));
        Assert.That(File.ReadAllBytes(Path.Combine(killed, "embedding.npy")), Is.EqualTo(File.ReadAllBytes(Path.Combine(alone, "embedding.npy"))));
        // The agreement curve keeps its points up to the checkpoint and continues from there: the
        // same points as the run left alone.
        Assert.That(AgreementPoints(killed), Is.EqualTo(AgreementPoints(alone)));
    }

    /// <summary>
    /// Two runs into one folder (issue 13, item 4): while a child `lm train` holds the folder,
    /// a second run is refused at once with exit 2 naming the holder, and the folder keeps
    /// the child's files; once the child is killed, the kernel has released the lock.
    /// </summary>
    [Test]
    public void SecondRunIntoAFolderInUse_IsRefusedAtOnce_NamingTheHolder()
    {
        var corpus = Corpus();
        var target = Path.Combine(work, "shared");
        var lockFile = Path.Combine(work, ".shared.probsig-lock.holder");
        using var child = StartChild(Tiny(corpus, target, 100000), () => File.Exists(lockFile) && new FileInfo(lockFile).Length > 0);
        try
        {
            Assert.That(child.HasExited, Is.False, "the child ended before the second run");

            var second = Stopwatch.StartNew();
            var run = CliRunner.Run(Tiny(corpus, target, 5));
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(run.StdErr, Does.Contain("in use by another probsig run").And.Contain("probsig lm train, process " + child.Id));
            Assert.That(second.Elapsed.TotalSeconds, Is.LessThan(10), "refused at once, not after tokenizing or training");
        }
        finally
        {
            if (!child.HasExited) { child.Kill(); child.WaitForExit(); }
        }
        // SIGKILL leaves the file but not the lock.
        using (ProbSig.Cli.Output.OutputLock.Acquire(target, "test")) { }
        Assert.That(File.Exists(lockFile), Is.False, "released locks remove their file");
    }

    /// <summary>A fresh run that fails before its first checkpoint leaves nothing behind (issue 13, item 7).</summary>
    [Test]
    public void FailedFreshRun_LeavesNoTokenizerFilesBehind_AndNamesSeq()
    {
        var corpus = Path.Combine(work, "short");
        Directory.CreateDirectory(corpus);
        File.WriteAllText(Path.Combine(corpus, "a.txt"), "a b c d e f g");
        var outDir = Path.Combine(work, "failed");
        var run = CliRunner.Run(Tiny(corpus, outDir, 3, tokenizer: "bpe:260"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("--seq").And.Contain("shorter"));
        Assert.That(Directory.Exists(outDir), Is.False, "no vocab.json or merges.txt left behind");
    }

    [Test]
    public void FreshRunIntoAFolderOfOtherFiles_IsRefused_AndTheFilesStay()
    {
        var outDir = Path.Combine(work, "mine");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "vocab.json"), "my own vocabulary");
        var run = CliRunner.Run(Tiny(Corpus(), outDir, 3));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("--out").And.Contain("vocab.json"));
        Assert.That(Directory.GetFiles(outDir).Select(Path.GetFileName), Is.EqualTo(new[] { "vocab.json" }));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "vocab.json")), Is.EqualTo("my own vocabulary"));
    }

    [TestCase("--steps", "0")]
    [TestCase("--preset", "huge")]
    [TestCase("--lr", "-1")]
    [TestCase("--batch", "0")]
    [TestCase("--seq", "5000")]
    [TestCase("--checkpoint-every", "-2")]
    [TestCase("--init-std", "0")]
    [TestCase("--dtype", "bfloat16")]
    [TestCase("--device", "tpu")]
    [TestCase("--threads", "0")]
    [TestCase("--threads", "100000")]
    [TestCase("--tokenizer", "bpe:12")]
    [TestCase("--curve-top", "2")]
    [TestCase("--curve-top", "-1")]
    public void BadOption_ExitsTwoNamingIt(string option, string value)
    {
        var outDir = Path.Combine(work, "bad");
        var args = Tiny(Corpus(), outDir, 2).ToList();
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var run = CliRunner.Run(args.ToArray());
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), run.StdErr);
        Assert.That(run.StdErr, Does.Contain(option));
        Assert.That(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), Is.False, "nothing is written");
    }

    [Test]
    public void ResumeWithoutCheckpoint_AndRerunOverOne_ExitTwo()
    {
        var corpus = Corpus();
        var outDir = Path.Combine(work, "run");
        var resume = CliRunner.Run([.. Tiny(corpus, outDir, 2), "--resume"]);
        Assert.That(resume.ExitCode, Is.EqualTo(2));
        Assert.That(resume.StdErr, Does.Contain("--resume"));
        Assert.That(CliRunner.Run(Tiny(corpus, outDir, 2)).ExitCode, Is.Zero);
        var again = CliRunner.Run(Tiny(corpus, outDir, 2));
        Assert.That(again.ExitCode, Is.EqualTo(2));
        Assert.That(again.StdErr, Does.Contain("--out").And.Contain("already holds a training checkpoint"));
        var other = CliRunner.Run([.. Tiny(corpus, outDir, 3), "--resume"]);
        Assert.That(other.ExitCode, Is.EqualTo(2));
        Assert.That(other.StdErr, Does.Contain("probsig: --steps '3'").And.Contain("was trained with 2"));
    }

    [Test]
    public void ResumeOnAnotherCorpus_NamesCorpus_NotTokenizer()
    {
        var corpus = Corpus();
        var outDir = Path.Combine(work, "run");
        Assert.That(CliRunner.Run(Tiny(corpus, outDir, 2)).ExitCode, Is.Zero);
        var elsewhere = Path.Combine(work, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        foreach (var f in Directory.GetFiles(corpus)) File.Copy(f, Path.Combine(elsewhere, Path.GetFileName(f)));
        var resumed = CliRunner.Run([.. Tiny(elsewhere, outDir, 4), "--resume"]);
        Assert.That(resumed.ExitCode, Is.EqualTo(2), resumed.StdErr);
        Assert.That(resumed.StdErr, Does.StartWith("probsig: --corpus").And.Contain("was trained on"));
    }

    /// <summary>trainer_state.json is checked against the checkpoint it describes: an edited step is refused (issue 13, item 6).</summary>
    [Test]
    public void ResumeWithAnEditedStep_IsRefused()
    {
        var corpus = Corpus();
        var outDir = Path.Combine(work, "run");
        Assert.That(CliRunner.Run([.. Tiny(corpus, outDir, 4), "--checkpoint-every", "2"]).ExitCode, Is.Zero);
        var statePath = Path.Combine(outDir, LmCheckpoint.TrainerStateFile);
        var text = File.ReadAllText(statePath);
        Assert.That(text, Does.Contain("\"step\": 4").IgnoreCase.Or.Contain("\"Step\": 4"));
        File.WriteAllText(statePath, text.Replace("\"step\": 4", "\"step\": 2").Replace("\"Step\": 4", "\"Step\": 2"));
        var resumed = CliRunner.Run([.. Tiny(corpus, outDir, 4), "--resume"]);
        Assert.That(resumed.ExitCode, Is.EqualTo(2), resumed.StdErr);
        Assert.That(resumed.StdErr, Does.Contain("--resume").And.Contain("do not belong together"));
    }
}
