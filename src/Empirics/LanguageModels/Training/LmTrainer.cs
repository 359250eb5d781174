using System.Diagnostics;
using ProbSig.Empirics.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// Trains a causal language model on token documents: batch, forward, next-token
/// cross-entropy, backward, clip, AdamW, schedule; every step in its own dispose scope, so
/// only numbers leave it. Checkpoints (model, optimiser moments, trainer state) are
/// written atomically; a resumed run on the CPU ends with the same weights, bit for bit, as
/// one left alone, because batches are a pure function of (seed, step, row) and the
/// optimiser's whole state is saved.
/// </summary>
public static partial class LmTrainer
{
    /// <summary>
    /// Trains any causal LM module (ids int64 (B, T) to logits (B, T, V)) whose weights reach
    /// checkpoints through <paramref name="weights"/>; see the Qwen2 overload for the rest.
    /// </summary>
    public static LmTrainingResult Train(nn.Module<Tensor, Tensor> model, ILmWeights weights, TokenDocuments data, LmTrainingConfig config,
        string? checkpointDir = null, bool resume = false, IProgress<LmProgress>? progress = null, CancellationToken cancel = default,
        Action<int>? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (resume && checkpointDir is null) throw new ArgumentException("resume needs a checkpoint folder", nameof(checkpointDir));
        var named = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        var device = new Device(config.Device);
        foreach (var (name, p) in named)
        {
            if (p.device.type != device.type || p.dtype != config.DType)
                throw new ArgumentException($"parameter {name} is {p.dtype} on {p.device}; the config trains {config.DType} on {config.Device}", nameof(config));
        }

        var (train, heldOut) = config.HeldOutFraction > 0 && data.Count >= 2 ? data.SplitHeldOut(config.HeldOutFraction) : (data, null);
        var windows = train.Windows(config.SequenceLength);
        if (windows.Count == 0)
            throw new ArgumentException($"no training document holds {config.SequenceLength + 1} tokens ({windows.SkippedDocuments} skipped); lower SequenceLength", nameof(data));
        var evalWindows = heldOut?.Windows(config.SequenceLength);
        if (evalWindows is { Count: 0 }) evalWindows = null;   // held-out documents all too short: no eval loss

        using var optimiser = new LmAdamW(named, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay);
        var curve = new List<LmCurvePoint>();
        int start = 0;
        double elapsedBefore = 0;
        if (resume)
        {
            var state = LmCheckpoint.ReadState(checkpointDir!);
            CheckResumable(state, config, train, heldOut, checkpointDir!);
            weights.Load(checkpointDir!);
            var moments = LmCheckpoint.ReadOptimiserState(checkpointDir!);
            // The step is written twice, in trainer_state.json and in the training state beside
            // the moments; a file edited or copied from another checkpoint shows as a mismatch.
            if (moments.TryGetValue(StepTensor, out var savedStep) && (long)savedStep.item<float>() is var saved && saved != state.Step)
            {
                foreach (var t in moments.Values) t.Dispose();
                throw new InvalidDataException($"{Path.Combine(checkpointDir!, LmCheckpoint.TrainerStateFile)} says step {state.Step}, but the optimiser state beside it was saved at step {saved}: the files do not belong together");
            }
            try { optimiser.Load(moments, state.Step); }
            finally { foreach (var t in moments.Values) t.Dispose(); }
            start = state.Step;
            elapsedBefore = state.ElapsedSeconds;
            curve.AddRange(state.Curve);
        }

        var wall = Stopwatch.StartNew();
        var stepTime = new Stopwatch();
        long tokensPerStep = (long)config.BatchSize * config.SequenceLength;
        double lossSum = 0, lastGradNorm = 0;
        int lossCount = 0;
        double intervalStepSeconds = 0;
        double? lastFinite = null;
        model.train();
        for (int step = start + 1; step <= config.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            double lr = config.LearningRateAt(step);
            double loss;
            var before = stepTime.Elapsed;
            stepTime.Start();
            using (var scope = NewDisposeScope())
            {
                var ids = tensor(windows.TrainingBatch(config.Seed, step, config.BatchSize), ScalarType.Int64)
                    .reshape(config.BatchSize, config.SequenceLength + 1).to(device);        // (B, T + 1)
                var input = ids.narrow(1, 0, config.SequenceLength);                         // (B, T)
                var target = ids.narrow(1, 1, config.SequenceLength);                        // (B, T)
                optimiser.ZeroGrad();
                var objective = CausalLoss(model.call(input), target);
                loss = objective.ToDouble();
                if (!double.IsFinite(loss)) throw new TrainingDivergedException(step, loss, lastFinite);
                objective.backward();
                lastGradNorm = ClipGradients(named, config.GradientClip);
                optimiser.Step(lr);
            }
            stepTime.Stop();
            intervalStepSeconds += (stepTime.Elapsed - before).TotalSeconds;
            lastFinite = loss;
            lossSum += loss;
            lossCount++;

            bool last = step == config.Steps;
            double? evalLoss = null;
            if (evalWindows is not null && (last || (config.EvalEvery > 0 && step % config.EvalEvery == 0)))
                evalLoss = Evaluate(model, evalWindows, config, device);
            if (last || step % config.LogEvery == 0 || evalLoss is not null)
            {
                curve.Add(new LmCurvePoint(step, lossSum / lossCount, evalLoss, lr, lastGradNorm,
                    tokensPerStep * lossCount / Math.Max(intervalStepSeconds, 1e-9)));
                lossSum = 0;
                lossCount = 0;
                intervalStepSeconds = 0;
            }
            bool checkpoint = checkpointDir is not null && (last || (config.CheckpointEvery > 0 && step % config.CheckpointEvery == 0));
            if (checkpoint)
            {
                var moments = new Dictionary<string, Tensor>(optimiser.StateTensors()) { [StepTensor] = torch.tensor(new float[] { step }) };
                try
                {
                    LmCheckpoint.Write(checkpointDir!, weights.Save, weights.Files, moments, new LmTrainerState
                    {
                        Step = step,
                        Config = config,
                        Seed = config.Seed,
                        TokenizerId = data.TokenizerId,
                        TrainingDocuments = train.Count,
                        TrainingTokens = train.TokenCount,
                        HeldOutDocuments = heldOut?.Count ?? 0,
                        ElapsedSeconds = elapsedBefore + wall.Elapsed.TotalSeconds,
                        Curve = curve.ToArray(),
                    });
                }
                finally { foreach (var t in moments.Values) t.Dispose(); }
            }
            // Synchronously, unlike progress (which may run later on another thread): the weights
            // a caller reads here are those of this step.
            afterStep?.Invoke(step);
            if (progress is not null)
            {
                double rate = tokensPerStep * (step - start) / Math.Max(stepTime.Elapsed.TotalSeconds, 1e-9);
                progress.Report(new LmProgress(step, config.Steps, loss, evalLoss, lr, rate,
                    TimeSpan.FromSeconds((config.Steps - step) * tokensPerStep / Math.Max(rate, 1e-9)), checkpoint));
            }
        }
        model.eval();

        return new LmTrainingResult
        {
            Config = config,
            Curve = curve,
            StartStep = start,
            SkippedDocuments = windows.SkippedDocuments,
            TrainingDocuments = train.Count,
            HeldOutDocuments = heldOut?.Count ?? 0,
            TokensPerSecond = tokensPerStep * (config.Steps - start) / Math.Max(stepTime.Elapsed.TotalSeconds, 1e-9),
            Elapsed = TimeSpan.FromSeconds(elapsedBefore + wall.Elapsed.TotalSeconds),
        };
    }

    /// <summary>Mean next-token cross-entropy: logits (B, T, V) at position t score target t
    /// (the input shifted by one, which the caller did when it cut the window). Computed in
    /// float32 whatever the model's dtype.</summary>
    public static Tensor CausalLoss(Tensor logits, Tensor target)
    {
        long v = logits.shape[^1];
        return nn.functional.cross_entropy(logits.reshape(-1, v).to(ScalarType.Float32), target.reshape(-1));
    }

    /// <summary>Held-out loss over the run's fixed evaluation windows, without gradients.</summary>
    private static double Evaluate(nn.Module<Tensor, Tensor> model, TrainingWindows windows, LmTrainingConfig config, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        double total = 0;
        int counted = 0;
        for (int first = 0; first < config.EvalWindows; first += config.BatchSize)
        {
            int n = Math.Min(config.BatchSize, config.EvalWindows - first);
            var ids = tensor(windows.EvaluationBatch(config.Seed, first, n), ScalarType.Int64)
                .reshape(n, config.SequenceLength + 1).to(device);                              // (n, T + 1)
            var loss = CausalLoss(model.call(ids.narrow(1, 0, config.SequenceLength)), ids.narrow(1, 1, config.SequenceLength));
            total += loss.ToDouble() * n;
            counted += n;
        }
        model.train();
        return total / counted;
    }

    /// <summary>Scales gradients so their global L2 norm is at most <paramref name="maxNorm"/>
    /// (0: no clipping) and returns the norm before clipping. Same rule as
    /// torch.nn.utils.clip_grad_norm_: scale by maxNorm / (norm + 1e-6) when that is below 1.</summary>
    private static double ClipGradients(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = parameters.Select(p => p.Parameter.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return 0;
        var norm = stack(grads.Select(g => g.to(ScalarType.Float32).norm()).ToArray()).norm();
        double value = norm.ToDouble();
        if (maxNorm > 0)
        {
            double scale = maxNorm / (value + 1e-6);
            if (scale < 1) foreach (var g in grads) g.mul_(scale);
        }
        return value;
    }

    /// <summary>Key in <see cref="Exception.Data"/> of a resume mismatch: the value the checkpoint was trained with.</summary>
    public const string TrainedValueKey = "trained";

    /// <summary>Name of the step count kept in the training state file beside the AdamW moments.</summary>
    public const string StepTensor = "trainer.step";

    private static void CheckResumable(LmTrainerState state, LmTrainingConfig config, TokenDocuments train, TokenDocuments? heldOut, string dir)
    {
        // Only the bookkeeping settings may change between the runs; anything else would
        // not continue the same run.
        var saved = state.Config with { LogEvery = config.LogEvery, EvalEvery = config.EvalEvery, CheckpointEvery = config.CheckpointEvery };
        foreach (var (name, a, b) in new (string, object, object)[]
        {
            (nameof(config.Steps), saved.Steps, config.Steps), (nameof(config.BatchSize), saved.BatchSize, config.BatchSize),
            (nameof(config.SequenceLength), saved.SequenceLength, config.SequenceLength), (nameof(config.LearningRate), saved.LearningRate, config.LearningRate),
            (nameof(config.WarmupSteps), saved.WarmupSteps, config.WarmupSteps), (nameof(config.MinLearningRateRatio), saved.MinLearningRateRatio, config.MinLearningRateRatio),
            (nameof(config.WeightDecay), saved.WeightDecay, config.WeightDecay), (nameof(config.Beta1), saved.Beta1, config.Beta1),
            (nameof(config.Beta2), saved.Beta2, config.Beta2), (nameof(config.Epsilon), saved.Epsilon, config.Epsilon),
            (nameof(config.GradientClip), saved.GradientClip, config.GradientClip), (nameof(config.Seed), saved.Seed, config.Seed),
            (nameof(config.HeldOutFraction), saved.HeldOutFraction, config.HeldOutFraction), (nameof(config.EvalWindows), saved.EvalWindows, config.EvalWindows),
            (nameof(config.DType), saved.DType, config.DType),
        })
        {
            // The run's own value travels in Data, so a caller can name its option without parsing the message.
            if (!a.Equals(b)) throw new ArgumentException($"{name} is {b}, but the checkpoint in {dir} was trained with {a}", name) { Data = { [TrainedValueKey] = a } };
        }
        if (state.Step > config.Steps) throw new ArgumentException($"the checkpoint in {dir} is at step {state.Step}, past Steps = {config.Steps}", nameof(config));
        if (state.TokenizerId != train.TokenizerId)
            throw new ArgumentException($"the data was tokenized with {train.TokenizerId}, the checkpoint in {dir} with {state.TokenizerId}", "data");
        if (state.TrainingDocuments != train.Count || state.TrainingTokens != train.TokenCount || state.HeldOutDocuments != (heldOut?.Count ?? 0))
            throw new ArgumentException($"the data holds {train.Count} training documents ({train.TokenCount} tokens), the checkpoint in {dir} was trained on {state.TrainingDocuments} ({state.TrainingTokens} tokens)", "data");
    }
}
