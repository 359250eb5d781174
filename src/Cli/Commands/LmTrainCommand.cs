using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Metrics;
using ProbSig.Verification.Claims;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Empirics.Training;
using TorchSharp;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm train`: trains a Qwen2-architecture model on a corpus and writes, into one
/// folder, the Hugging Face checkpoint, the tokenizer, embedding.npy, unembedding.npy,
/// tokens.json, curves.csv and curves.png, and the training state that `--resume` continues;
/// with --eval-every and --curve-top positive also agreement.json and agreement.png, the
/// agreement of the embedding and unembedding with the corpus signatures of the training
/// documents at step 0, every --eval-every steps and the last step (<see cref="TrainingCurve"/>).
/// </summary>
internal static class LmTrainCommand
{
    private sealed class Options
    {
        public readonly Option<string> Preset = new("--preset") { Description = $"Model shape: {string.Join(", ", Qwen2Config.PresetNames)}.", DefaultValueFactory = _ => "cpu-tiny" };
        public readonly Option<string> Corpus = new("--corpus") { Description = LmInputs.CorpusHelp, Required = true };
        public readonly Option<string> Tokenizer = new("--tokenizer") { Description = LmInputs.TokenizerHelp, DefaultValueFactory = _ => "bpe:4096" };
        public readonly Option<int> Steps = new("--steps") { Description = "Optimiser updates in the whole run.", DefaultValueFactory = _ => 200 };
        public readonly Option<string?> Out = new("--out") { Description = "Output folder: checkpoint, tokenizer, embeddings, curves, training state." };
        public readonly Option<bool> Tied = new("--tied") { Description = "Tie the unembedding to the embedding." };
        public readonly Option<bool> Untied = new("--untied") { Description = "Separate unembedding (lm_head); the cpu-tiny and paper presets' default." };
        public readonly Option<long> Seed = new("--seed") { Description = "Seed of the initial weights and of the batch draws.", DefaultValueFactory = _ => 0 };
        public readonly Option<double?> Lr = new("--lr") { Description = "Peak learning rate (default 5e-3)." };
        public readonly Option<int?> Batch = new("--batch") { Description = "Windows per step (default 8)." };
        public readonly Option<int?> Seq = new("--seq") { Description = "Tokens per window (default 64)." };
        public readonly Option<int?> Warmup = new("--warmup") { Description = "Warm-up steps (default: 10% of --steps, at most 100)." };
        public readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Write a checkpoint every N steps; 0 = only at the end.", DefaultValueFactory = _ => 0 };
        public readonly Option<int?> EvalEvery = new("--eval-every") { Description = "Held-out loss and the agreement curve every N steps (default: steps / 10); 0 = held-out loss only at the end, and no agreement curve." };
        public readonly Option<int> CurveTop = new("--curve-top")
        {
            Description = "Agreement curve over the N most frequent tokens of the training documents: the embedding vs the next-token and the unembedding vs the previous-token signature " +
                $"(Spearman, its null within {TrainingCurve.DefaultStrata} frequency strata, {TrainingCurve.DefaultOptions.Permutations} draws, precision@1%) at step 0, every --eval-every steps and the last step, into agreement.json and agreement.png; 0 = none.",
            DefaultValueFactory = _ => DefaultCurveTop,
        };
        public readonly Option<bool> Resume = new("--resume") { Description = "Continue the run whose checkpoint is in --out." };
        public readonly InitOptions Init = new(Qwen2Config.DefaultInitStd, width: "hidden", weights: "every weight matrix");
        public readonly Option<string> Device = DeviceOption.Create();
        public readonly Option<string?> DType = new("--dtype") { Description = "float32 (cpu, default) or bfloat16 (cuda only)." };
        public readonly Option<int?> Threads = new("--threads") { Description = "libtorch CPU threads (default: the core count). On a machine shared with other work, 1 can be several times faster." };

        public IEnumerable<Option> All => [Preset, Corpus, Tokenizer, Steps, Out, Tied, Untied, Seed, Lr, Batch, Seq, Warmup, CheckpointEvery, EvalEvery, CurveTop, Resume, Init.Std, Init.Gamma, Device, DType, Threads];
    }

    public static Command Create()
    {
        var o = new Options();
        var command = new Command("train",
            "Train a Qwen2-architecture language model on a corpus; write the Hugging Face checkpoint, tokenizer, embedding.npy, unembedding.npy, tokens.json, curves.csv, curves.png and the training state, " +
            "and (unless --curve-top or --eval-every is 0) agreement.json and agreement.png, the agreement with the corpus signatures over training. " +
            $"Exit 0: trained; {TrainCommand.ExitDiverged}: the loss diverged; 2: bad input.");
        foreach (var option in o.All) command.Add(option);
        command.SetAction(r => Run(r, o));
        return command;
    }

    /// <summary>Tokens of the agreement curve by default.</summary>
    private const int DefaultCurveTop = 1024;

    /// <summary>The agreement curve's files in the run folder.</summary>
    private const string AgreementJson = "agreement.json", AgreementPng = "agreement.png";

    /// <summary>The most libtorch threads per core that --threads accepts.</summary>
    internal const int MaxThreadsPerCore = 4;

    private static int Run(ParseResult r, Options o)
    {
        // Synchronized: the agreement curve's worker writes its lines beside the training thread's.
        var stderr = TextWriter.Synchronized(r.InvocationConfiguration.Error);
        var outDir = r.GetValue(o.Out) ?? throw new CliUsageException("--out", "", "is required: the folder to write");
        var fullOut = Path.GetFullPath(outDir.TrimEnd('/'));
        if (!Directory.Exists(Path.GetDirectoryName(fullOut))) throw new CliUsageException("--out", outDir, $"the folder {Path.GetDirectoryName(fullOut)} does not exist");
        if (File.Exists(fullOut)) throw new CliUsageException("--out", outDir, "is a file; lm train writes a folder");
        // Held to the end of the run: a second run into this folder is refused at once.
        using var folderLock = OutputLock.Acquire(outDir, "lm train");
        bool resume = r.GetValue(o.Resume);
        if (resume && !LmCheckpoint.Exists(fullOut)) throw new CliUsageException("--resume", outDir, "holds no training checkpoint to continue");
        if (!resume && LmCheckpoint.Exists(fullOut))
            throw new CliUsageException("--out", outDir, "already holds a training checkpoint; pass --resume to continue it, or choose another folder");
        // A fresh run writes its tokenizer, checkpoint and outputs under fixed names: into a
        // folder of other files it could replace one of them, so it wants a new or empty one.
        if (!resume && Directory.Exists(fullOut) && Directory.EnumerateFileSystemEntries(fullOut).FirstOrDefault() is { } present)
            throw new CliUsageException("--out", outDir, $"holds {Path.GetFileName(present)} and is not a training run; give a new or empty folder");

        var preset = r.GetValue(o.Preset)!;
        if (!Qwen2Config.PresetNames.Contains(preset)) throw new CliUsageException("--preset", preset, $"expected one of {string.Join(", ", Qwen2Config.PresetNames)}");
        if (r.GetValue(o.Tied) && r.GetValue(o.Untied)) throw new CliUsageException("--tied", "", "give either --tied or --untied, not both");
        // The preset's shape before the tokenizer exists: its width and positions do not depend on the vocabulary.
        var presetShape = Qwen2Config.Preset(preset, BpeTrainer.ByteTokens);
        var (initStd, gamma) = InitOptions.ConfigFields(o.Init.Parse(r, presetShape.HiddenSize));
        if (r.GetValue(o.Threads) is { } threads && threads < 1) throw new CliUsageException("--threads", Fmt.Text(threads), "must be at least 1");
        // More intra-op threads than a few per core only wait on each other (and 100000 hang libtorch).
        if (r.GetValue(o.Threads) is { } many && many > MaxThreadsPerCore * Environment.ProcessorCount)
            throw new CliUsageException("--threads", Fmt.Text(many), $"must be at most {MaxThreadsPerCore * Environment.ProcessorCount} ({MaxThreadsPerCore} per core; this machine has {Environment.ProcessorCount})");
        TorchRuntime.Initialise(r.GetValue(o.Threads));
        // Also when libtorch was initialised earlier in this process: results are bit-reproducible
        // only at one thread count, so an explicit --threads always applies.
        if (r.GetValue(o.Threads) is { } n) torch.set_num_threads(n);
        var device = DeviceOption.Parse(r.GetValue(o.Device));
        var dtypeText = r.GetValue(o.DType) ?? "float32";
        var dtype = dtypeText switch
        {
            "float32" => torch.ScalarType.Float32,
            "bfloat16" when device != "cpu" => torch.ScalarType.BFloat16,
            "bfloat16" => throw new CliUsageException("--dtype", dtypeText, "bfloat16 trains on cuda only; the cpu trains in float32"),
            _ => throw new CliUsageException("--dtype", dtypeText, "expected float32 or bfloat16"),
        };
        var config = ParseTraining(r, o, device, dtype);
        int curveTop = r.GetValue(o.CurveTop);
        if (curveTop is < 0 or 1 or 2) throw new CliUsageException("--curve-top", Fmt.Text(curveTop), "must be 0 (no agreement curve) or at least 3");
        int positions = presetShape.MaxPositionEmbeddings;
        if (config.SequenceLength > positions)
            throw new CliUsageException("--seq", Fmt.Text(config.SequenceLength), $"exceeds the {preset} preset's {positions} positions");

        // The corpus, the tokenizer (reloaded from --out on resume, so it is the one trained with) and the ids.
        var clock = Stopwatch.StartNew();
        var source = LmInputs.ParseCorpus(r.GetValue(o.Corpus)!);
        var progressLines = new Progress<string>(line => stderr.WriteLine(line));
        var tokenizerSpec = r.GetValue(o.Tokenizer)!;
        var described = LmInputs.ParseTokenizer(tokenizerSpec, source);
        NamedTokenizer tokenizer;
        if (resume)
        {
            var state = LmCheckpoint.ReadState(fullOut);
            tokenizer = new(state.TokenizerId, LoadSavedTokenizer(fullOut));
            // Tokenizer files may have moved since the run began: the saved copy is trusted.
            if (described is not TokenizerFilesDescription && described.Id != state.TokenizerId)
            {
                // A BPE of the same size trained on another corpus means --corpus changed.
                if (described is TrainedBpeDescription now && TrainedBpeDescription.TryParseId(state.TokenizerId, out var size, out var was) && size == now.Size)
                    throw new CliUsageException("--corpus", r.GetValue(o.Corpus)!, $"the run in {outDir} was trained on {was}; resume it with --corpus {was}");
                throw new CliUsageException("--tokenizer", tokenizerSpec, $"the run in {outDir} was trained with {state.TokenizerId}");
            }
        }
        else
        {
            tokenizer = LmInputs.Load(described, tokenizerSpec, progressLines);
        }
        if (tokenizer.Tokenizer is not ByteLevelBpeTokenizer bpe)
            throw new CliUsageException("--tokenizer", tokenizerSpec, "lm train needs a byte-level BPE tokenizer it can save beside the model");
        stderr.WriteLine($"tokenizing {source.Id} with {tokenizer.Id} ({bpe.VocabularySize} tokens)");
        var corpus = new CorpusPipeline(source, tokenizer);
        var documents = corpus.TokenIds().ToList();
        var data = new TokenDocuments(documents, bpe.VocabularySize, tokenizer.Id);
        foreach (var line in corpus.Report.Lines()) stderr.WriteLine(line);
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data.TokenCount:N0} tokens in {data.Count:N0} documents ({clock.Elapsed.TotalSeconds:F1} s)"));
        var curve = config.EvalEvery > 0 && curveTop > 0 ? AgreementCurve.Prepare(corpus, documents, data, config, curveTop, bpe, r.GetValue(o.Corpus)!, stderr) : null;

        Qwen2Config modelConfig;
        try
        {
            modelConfig = Qwen2Config.Preset(preset, bpe.VocabularySize) with
            {
                Seed = r.GetValue(o.Seed), Device = device, DType = dtype,
                InitStd = initStd, Gamma = gamma,
            };
            if (r.GetValue(o.Tied)) modelConfig = modelConfig with { TieWordEmbeddings = true };
            if (r.GetValue(o.Untied)) modelConfig = modelConfig with { TieWordEmbeddings = false };
            modelConfig.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException("--preset", preset, e.Message);
        }

        using var model = new Qwen2ForCausalLM(modelConfig);
        bool folderExisted = Directory.Exists(fullOut);
        Directory.CreateDirectory(fullOut);
        if (!resume) TokenizerFiles.Save(bpe, fullOut);   // inside --out, so a kill before the first checkpoint still leaves it
        stderr.WriteLine(FormattableString.Invariant(
            $"{preset} ({(modelConfig.TieWordEmbeddings ? "tied" : "untied")}, {model.ParameterCount():N0} parameters) on {device}: {config.Steps} steps of {config.BatchSize} x {config.SequenceLength} tokens") +
            (resume ? FormattableString.Invariant($", resuming from step {LmCheckpoint.ReadState(fullOut).Step}") : ""));

        LmTrainingResult result;
        bool trained = false;
        try
        {
            // Inside the try: a fresh run that fails from here on leaves nothing behind.
            curve?.Start(fullOut, model, modelConfig.TieWordEmbeddings, resume ? LmCheckpoint.ReadState(fullOut).Step : 0, config, stderr);
            Action<int>? afterStep = curve is null ? null : step => curve.AfterStep(step, model, config);
            result = LmTrainer.Train(model, data, config, fullOut, resume, new ProgressLines(stderr), afterStep: afterStep);
            trained = true;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"probsig: {Fmt.OneLine(e.Message)}");
            return TrainCommand.ExitDiverged;
        }
        catch (ArgumentException e) when (resume && ResumeOption(e.ParamName, config) is { } option && e.Data[LmTrainer.TrainedValueKey] is { } runValue)
        {
            // A setting that differs from the run's: name the option the user typed.
            var value = runValue is Enum ? runValue.ToString()!.ToLowerInvariant()
                : runValue is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : runValue.ToString();
            throw new CliUsageException(option.Name, option.Value, $"the checkpoint in {outDir} was trained with {value}; give the run's value to resume it, or start a new folder");
        }
        catch (Exception e) when (resume && e is ArgumentException or InvalidDataException or Empirics.Checkpoints.HuggingFace.CheckpointException)
        {
            throw new CliUsageException("--resume", outDir, e.Message);
        }
        catch (ArgumentException e) when (e.ParamName == "data")
        {
            // The trainer names its own field; the user typed --seq.
            throw new CliUsageException("--seq", Fmt.Text(config.SequenceLength), $"no training document of {r.GetValue(o.Corpus)} holds {config.SequenceLength + 1} tokens; give a shorter --seq");
        }
        finally
        {
            // A fresh run that failed before its first checkpoint leaves nothing of its own
            // behind (its tokenizer files, and the folder if it made it); once a checkpoint
            // exists the folder is a run to --resume, and stays. The curve's worker stops first.
            if (!trained) curve?.Abandon();
            if (!trained && !resume && !LmCheckpoint.Exists(fullOut)) RemoveFreshRun(fullOut, folderExisted);
        }

        if (result.SkippedDocuments > 0)
            stderr.WriteLine(FormattableString.Invariant($"{result.SkippedDocuments:N0} of {result.TrainingDocuments:N0} training documents were shorter than a window of {config.SequenceLength + 1} tokens and skipped"));
        WriteOutputs(fullOut, model, bpe, result, stderr);
        curve?.Finish(result, stderr);
        r.InvocationConfiguration.Output.WriteLine(
            FormattableString.Invariant($"trained {preset} for {config.Steps} steps in {result.Elapsed.TotalSeconds:F1} s: loss {result.FinalLoss:F4}") +
            (result.FinalEvalLoss is { } ev ? FormattableString.Invariant($", held-out loss {ev:F4}") : "") +
            FormattableString.Invariant($", {result.TokensPerSecond:N0} tokens/s (step time); wrote {fullOut}"));
        return 0;
    }

    /// <summary>The option of a training setting the trainer names when a resume does not match.</summary>
    private static (string Name, string Value)? ResumeOption(string? setting, LmTrainingConfig c) => setting switch
    {
        nameof(LmTrainingConfig.Steps) => ("--steps", Fmt.Text(c.Steps)),
        nameof(LmTrainingConfig.BatchSize) => ("--batch", Fmt.Text(c.BatchSize)),
        nameof(LmTrainingConfig.SequenceLength) => ("--seq", Fmt.Text(c.SequenceLength)),
        nameof(LmTrainingConfig.LearningRate) => ("--lr", Fmt.Text(c.LearningRate)),
        nameof(LmTrainingConfig.WarmupSteps) => ("--warmup", Fmt.Text(c.WarmupSteps)),
        nameof(LmTrainingConfig.Seed) => ("--seed", Fmt.Text(c.Seed)),
        nameof(LmTrainingConfig.DType) => ("--dtype", c.DType.ToString().ToLowerInvariant()),
        _ => null,
    };

    /// <summary>Removes what a fresh run wrote before it failed: the tokenizer files, and the folder when it made it and nothing else is there.</summary>
    private static void RemoveFreshRun(string dir, bool folderExisted)
    {
        foreach (var name in new[] { "vocab.json", "merges.txt", AgreementJson })
        {
            var file = Path.Combine(dir, name);
            if (File.Exists(file)) File.Delete(file);
        }
        if (!folderExisted && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }

    private static LmTrainingConfig ParseTraining(ParseResult r, Options o, string device, torch.ScalarType dtype)
    {
        int steps = r.GetValue(o.Steps);
        if (steps < 1) throw new CliUsageException("--steps", Fmt.Text(steps), "must be at least 1");
        var defaults = new LmTrainingConfig();
        var config = new LmTrainingConfig
        {
            Steps = steps,
            BatchSize = r.GetValue(o.Batch) ?? defaults.BatchSize,
            SequenceLength = r.GetValue(o.Seq) ?? defaults.SequenceLength,
            LearningRate = r.GetValue(o.Lr) ?? defaults.LearningRate,
            WarmupSteps = r.GetValue(o.Warmup) ?? Math.Min(100, steps / 10),
            Seed = r.GetValue(o.Seed),
            LogEvery = Math.Max(1, steps / 100),
            EvalEvery = r.GetValue(o.EvalEvery) ?? Math.Max(1, steps / 10),
            CheckpointEvery = r.GetValue(o.CheckpointEvery),
            Device = device,
            DType = dtype,
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            // The config names its fields; the user typed options.
            var (option, value) = e.ParamName switch
            {
                nameof(LmTrainingConfig.BatchSize) => ("--batch", Fmt.Text(config.BatchSize)),
                nameof(LmTrainingConfig.SequenceLength) => ("--seq", Fmt.Text(config.SequenceLength)),
                nameof(LmTrainingConfig.LearningRate) => ("--lr", Fmt.Text(config.LearningRate)),
                nameof(LmTrainingConfig.WarmupSteps) => ("--warmup", Fmt.Text(config.WarmupSteps)),
                nameof(LmTrainingConfig.EvalEvery) => ("--eval-every", Fmt.Text(config.EvalEvery)),
                nameof(LmTrainingConfig.CheckpointEvery) => ("--checkpoint-every", Fmt.Text(config.CheckpointEvery)),
                _ => ("--steps", Fmt.Text(steps)),
            };
            throw new CliUsageException(option, value, e.Message[(e.Message.IndexOf(';') + 1)..].Trim().Split(" (Parameter")[0]);
        }
        return config;
    }

    private static ByteLevelBpeTokenizer LoadSavedTokenizer(string dir)
    {
        try { return TokenizerFiles.Load(dir); }
        catch (TokenizerFileException e) { throw new CliUsageException("--resume", dir, $"the saved tokenizer cannot be read: {e.Message}"); }
    }

    private static void WriteOutputs(string dir, Qwen2ForCausalLM model, ByteLevelBpeTokenizer tokenizer, LmTrainingResult result, TextWriter warnings)
    {
        var files = TrainingFiles.InRunFolder(dir);
        files.WriteEmbeddings(model.EmbeddingMatrix(), model.UnembeddingMatrix());
        files.Write("tokens.json", s => WriteTokens(s, tokenizer, model.Config));
        files.WriteCurves(Curves(result), Panels(result), new ScottPlotRenderer(), warnings);
    }

    private static void WriteTokens(Stream s, ByteLevelBpeTokenizer tokenizer, Qwen2Config config)
    {
        using var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WritePropertyName("tokens");
        json.WriteStartArray();
        for (int id = 0; id < tokenizer.VocabularySize; id++) json.WriteStringValue(tokenizer.TokenString(id));
        json.WriteEndArray();
        json.WriteBoolean("tied", config.TieWordEmbeddings);
        json.WriteString("note", "row i of embedding.npy and unembedding.npy (float64) is tokens[i]; unembedding.npy equals embedding.npy when tied");
        json.WriteEndObject();
        json.Flush();
        s.WriteByte((byte)'\n');
    }

    private static string Curves(LmTrainingResult result)
    {
        var csv = new StringBuilder("step,loss,eval_loss,lr,grad_norm,tokens_per_s\n");
        foreach (var p in result.Curve)
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{p.Step},{p.Loss:R},{Fmt.Csv(p.EvalLoss)},{p.LearningRate:R},{p.GradientNorm:R},{p.TokensPerSecond:F1}\n"));
        return csv.ToString();
    }

    private static IReadOnlyList<PlotArtifact> Panels(LmTrainingResult result)
    {
        var steps = result.Curve.Select(p => (double)p.Step).ToArray();
        var evals = result.Curve.Where(p => p.EvalLoss is not null).ToArray();
        var loss = new List<Series> { new("training loss (mean since the previous point)", steps, result.Curve.Select(p => p.Loss).ToArray()) };
        if (evals.Length > 0) loss.Add(new Series("held-out loss", evals.Select(p => (double)p.Step).ToArray(), evals.Select(p => p.EvalLoss!.Value).ToArray()));
        return
        [
            new PlotArtifact("loss", "next-token cross-entropy", "step", "nats per token", loss),
            new PlotArtifact("lr", "learning rate", "step", "lr", [new Series("lr", steps, result.Curve.Select(p => p.LearningRate).ToArray())]),
        ];
    }

    /// <summary>
    /// The agreement curve of a run (<see cref="TrainingCurve"/>): points at step 0 (a fresh run),
    /// every EvalEvery steps and the last step. The trainer's afterStep copies the compared rows
    /// of the live weights (a few milliseconds) and the point is measured on a worker while
    /// training goes on, one point at a time in step order; agreement.json is rewritten
    /// (atomically) after each point. Before each checkpoint the worker is drained, so a
    /// checkpoint's run folder holds every earlier point and a resumed run continues its curve
    /// (the point of the checkpoint's own step, lost if the run stopped right after writing the
    /// checkpoint, is read from the checkpoint). A fresh run that fails before its first
    /// checkpoint removes agreement.json with its tokenizer files; agreement.png is drawn at the end.
    /// </summary>
    private sealed class AgreementCurve
    {
        /// <summary>Points waiting for the worker before the training thread waits too (each holds two N x d copies).</summary>
        private const int MaxQueued = 2;

        private readonly TrainingCurve curve;
        private readonly string[] strings;
        private readonly CorpusCounts counts;
        private readonly string corpusSpec;
        private readonly List<TrainingCurvePoint> points = [];
        private Task worker = Task.CompletedTask;
        private int queued;
        private string? dir;
        private bool tied;
        private TextWriter stderr = TextWriter.Null;

        private AgreementCurve(TrainingCurve curve, string[] strings, CorpusCounts counts, string corpusSpec)
        {
            this.curve = curve;
            this.strings = strings;
            this.counts = counts;
            this.corpusSpec = corpusSpec;
        }

        /// <summary>The curve over the top <paramref name="top"/> tokens of the training documents: the
        /// documents the trainer keeps after its held-out split (the last ones are held out), counted by
        /// the corpus pipeline from the very ids it trains on.</summary>
        public static AgreementCurve? Prepare(CorpusPipeline corpus, IReadOnlyList<int[]> documents, TokenDocuments data, LmTrainingConfig config,
            int top, ByteLevelBpeTokenizer tokenizer, string corpusSpec, TextWriter warnings)
        {
            // The trainer's split (LmTrainer.Train): the first documents train, the rest are held out.
            int training = config.HeldOutFraction > 0 && data.Count >= 2 ? data.SplitHeldOut(config.HeldOutFraction).Train.Count : data.Count;
            var counts = corpus.Count(documents.Take(training));
            var tokens = TopTokens.Select(counts, top);
            if (tokens.Length < SimilarityMatrices.MinimumTokens)
            {
                // The run itself needs no curve: it trains as it would without one.
                warnings.WriteLine($"probsig: warning: the training documents of {corpusSpec} hold {tokens.Length} distinct token(s); the agreement curve needs {SimilarityMatrices.MinimumTokens}, so none is written");
                return null;
            }
            return new AgreementCurve(TrainingCurve.For(counts, tokens), tokens.Select(tokenizer.TokenString).ToArray(), counts, corpusSpec);
        }

        /// <summary>A fresh run: the point at step 0 (the initial weights). A resumed run: the points
        /// agreement.json holds up to <paramref name="startStep"/>, when it is of the same tokens and settings.</summary>
        /// <param name="runDir">The run folder.</param>
        /// <param name="model">The model, before training (a resumed run's weights are loaded later, by the trainer).</param>
        /// <param name="tiedModel">Whether the model is tied.</param>
        /// <param name="startStep">0, or the step of the checkpoint a resumed run continues.</param>
        /// <param name="config">The training settings.</param>
        /// <param name="progress">Where the progress lines go (safe to write from the worker).</param>
        public void Start(string runDir, Qwen2ForCausalLM model, bool tiedModel, int startStep, LmTrainingConfig config, TextWriter progress)
        {
            dir = runDir;
            tied = tiedModel;
            stderr = progress;
            if (startStep == 0)
            {
                Queue(0, model);
                return;
            }
            var kept = AgreementCurveFiles.ReadPoints(Path.Combine(dir, AgreementJson), curve);
            if (kept is null)
                stderr.WriteLine($"{AgreementJson} in {dir} is missing or of other tokens or settings: the agreement curve starts again at step {startStep}");
            else
                points.AddRange(kept.Where(p => p.Step <= startStep));
            // The trainer writes a checkpoint before it calls afterStep, so a run stopped between the
            // two lacks the point of its checkpoint's step: it is read from the checkpoint itself.
            if (IsPointStep(startStep, config) && !points.Any(p => p.Step == startStep))
            {
                ModelRows rows;
                try { rows = ModelRows.Read(dir); }
                catch (Exception e) when (e is Empirics.Checkpoints.HuggingFace.CheckpointException or SafeTensorsException) { throw new CliUsageException("--resume", dir, e.Message); }
                try { Queue(startStep, rows.Embedding, rows.Unembedding); }
                finally
                {
                    if (!ReferenceEquals(rows.Unembedding, rows.Embedding)) rows.Unembedding.Dispose();
                    rows.Embedding.Dispose();
                }
            }
        }

        private static bool IsPointStep(int step, LmTrainingConfig config) => step == config.Steps || step % config.EvalEvery == 0;

        /// <summary>The trainer's afterStep: a point every EvalEvery steps and at the last, and the
        /// worker drained before the next step's checkpoint (or the last step).</summary>
        public void AfterStep(int step, Qwen2ForCausalLM model, LmTrainingConfig config)
        {
            if (IsPointStep(step, config)) Queue(step, model);
            int next = step + 1;
            if (next == config.Steps || (config.CheckpointEvery > 0 && next % config.CheckpointEvery == 0)) Drain();
        }

        /// <summary>Waits for every queued point; agreement.png at the end of the run.</summary>
        /// <exception cref="InvalidOperationException">The counted documents are not those the trainer trained on (a bug).</exception>
        public void Finish(LmTrainingResult result, TextWriter warnings)
        {
            Drain();
            if (counts.DocumentCount != result.TrainingDocuments)
                throw new InvalidOperationException($"the agreement curve counted {counts.DocumentCount} documents but the trainer trained on {result.TrainingDocuments}");
            AgreementCurveFiles.WriteFigure(Path.Combine(dir!, AgreementPng),
                AgreementCurveFiles.Plot("agreement", $"agreement with the corpus signatures over training (top {curve.Tokens.Count} tokens)", points, curve),
                new ScottPlotRenderer(), warnings);
        }

        /// <summary>A run that failed: waits for the worker, whatever it throws, so that nothing writes into the folder afterwards.</summary>
        public void Abandon()
        {
            try { worker.Wait(); }
            catch (AggregateException) { }
        }

        /// <summary>Copies the compared rows of the live weights and queues their point.</summary>
        private void Queue(int step, Qwen2ForCausalLM model)
        {
            using (torch.no_grad())
                Queue(step, model.EmbeddingWeight, model.UnembeddingWeight);
        }

        private void Queue(int step, torch.Tensor embedding, torch.Tensor unembedding)
        {
            var e = WeightRows.Select(embedding, curve.Tokens);
            var u = ReferenceEquals(embedding, unembedding) ? e : WeightRows.Select(unembedding, curve.Tokens);
            if (Volatile.Read(ref queued) >= MaxQueued) Drain();
            Interlocked.Increment(ref queued);
            // One point at a time, in step order; a failure passes down the chain to the next Drain.
            worker = worker.ContinueWith(previous =>
            {
                try
                {
                    previous.GetAwaiter().GetResult();
                    var clock = Stopwatch.StartNew();
                    var p = curve.Measure(step, e, u);
                    points.Add(p);
                    Save();
                    stderr.WriteLine(AgreementCurveFiles.ProgressLine(p, curve, clock.Elapsed));
                }
                finally { Interlocked.Decrement(ref queued); }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        /// <summary>Waits for every queued point (rethrowing a failure of the worker).</summary>
        private void Drain() => worker.GetAwaiter().GetResult();

        private void Save() => AtomicOutput.WriteFile(Path.Combine(dir!, AgreementJson), s => AgreementCurveFiles.WriteJson(s, curve, points, strings, tied, json =>
        {
            json.WriteString("corpus", corpusSpec);
            json.WriteString("tokenizer", counts.TokenizerId);
            json.WriteNumber("training_documents_counted", counts.DocumentCount);
            json.WriteNumber("training_tokens_counted", counts.TokenCount);
            json.WriteString("tokens_compared", "the most frequent tokens of the training documents (the held-out documents are not counted), most frequent first");
        }));
    }

    /// <summary>"step k / K, loss, eval, lr, tokens/s, ETA" at most once a second, and the last step.</summary>
    private sealed class ProgressLines(TextWriter output) : IProgress<LmProgress>
    {
        private Stopwatch? sinceLast;

        public void Report(LmProgress p)
        {
            bool last = p.Step == p.Steps;
            if (sinceLast is null) sinceLast = Stopwatch.StartNew();
            else if (!last && !p.CheckpointWritten && p.EvalLoss is null && sinceLast.Elapsed < TimeSpan.FromSeconds(1)) return;
            output.WriteLine(
                FormattableString.Invariant($"step {p.Step} / {p.Steps}, loss {p.Loss:F4}") +
                (p.EvalLoss is { } e ? FormattableString.Invariant($", held-out {e:F4}") : "") +
                FormattableString.Invariant($", lr {p.LearningRate:G3}, {p.TokensPerSecond:N0} tokens/s, ETA {p.Remaining:hh\\:mm\\:ss}") +
                (p.CheckpointWritten ? ", checkpoint written" : ""));
            sinceLast.Restart();
        }
    }
}
