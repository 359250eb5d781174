using System.Text.Json;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Peers;
using ProbSig.Bench.Rows;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Flow;
using ProbSig.Verification.Claims.Linear;
using ProbSig.Verification.Claims.Network;
using ProbSig.Verification.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Bench.Groups;

/// <summary>
/// The full-batch training step of the linear and feed-forward claims (the default composite
/// addition task's exact population, the claims' own model and optimiser settings) beside
/// PyTorch eager taking the same step on the same tensors (Peers/feature_step.py); and the
/// linear claims' training as they run it, with their R_cos logging, beside the bare step.
/// </summary>
public sealed class FeatureTrainingBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "feature-train";

    /// <inheritdoc/>
    public string Description => "linear and feed-forward full-batch steps of the claims beside PyTorch eager";

    private sealed record Setting(string Id, string Title, ModelSpec Spec, TrainingConfig Training, BenchTarget? Target);

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool smoke = context.Options.Smoke;
        int warmup = smoke ? 2 : 20, steps = smoke ? 5 : 300;
        var linear = DefaultLinearSetting.Instance;
        var settings = new[]
        {
            new Setting("linear", "linear claim step (C2-C5: d 64, float64, gradient descent)", linear.Spec,
                DefaultLinearSetting.TrainedTraining, BenchTarget.Ratio(1.0, "PyTorch eager")),
            new Setting("ffn", "feed-forward claim step (C6-C8: hidden GELU MLP d = m = 64, float32, AdamW)",
                NetworkKit.Spec(ModelKind.HiddenLayerMlp), NetworkKit.FitTraining, null),
        };
        var p = TaskPrediction.Default;
        var rows = new List<BenchRow>();
        int previous = torch.get_num_threads();
        try
        {
            foreach (int threads in context.Options.Threads)
            {
                torch.set_num_threads(threads);
                foreach (var setting in settings)
                {
                    context.Log($"  {setting.Id} step, {threads} thread(s): {warmup} warm-up + {steps} timed steps");
                    var (ours, files) = OurStep(p, setting, warmup, steps, context.Scratch);
                    var peer = context.Python.Figure(context.Log, "feature_step.py",
                        ["--features", files.Features, "--labels", files.Labels, "--weights", files.Weights, "--setup", files.Setup,
                         "--steps", PythonPeer.Arg(steps), "--warmup", PythonPeer.Arg(warmup), "--threads", PythonPeer.Arg(threads)],
                        "step_seconds_median");
                    rows.Add(new BenchRow($"{setting.Id}-step-{threads}t", Name, $"{setting.Title}, {threads} thread(s)",
                        ours, "s/step", Better.Lower, context.Python.Name, peer.Value, peer.Absent, setting.Target,
                        $"{p.Population.Samples.Count} samples x {p.Features.Dimension} features, {p.Population.ClassCount} classes; median of {steps} steps after {warmup}"));
                    if (setting.Id == "linear")
                    {
                        double logged = LoggedStep(p, setting, smoke ? 2 : 100, smoke ? 1 : DefaultLinearSetting.TrainedLogEvery);
                        rows.Add(new BenchRow($"linear-claim-step-{threads}t", Name, $"linear claim step with its R_cos logging, {threads} thread(s)",
                            logged, "s/step", Better.Lower, "the bare step (this run)", ours, null, null,
                            $"Trainer with LogEvery {DefaultLinearSetting.TrainedLogEvery} and the R_cos observer, as C2-C5 train (3000 steps there): the logging's share of a claim's training"));
                    }
                }
            }
        }
        finally
        {
            torch.set_num_threads(previous);
        }
        return rows;
    }

    /// <summary>Median seconds of our Trainer's step, and the files that hand the same problem to the peer.</summary>
    private static (double Seconds, (string Features, string Labels, string Weights, string Setup) Files) OurStep(TaskPrediction p, Setting s, int warmup, int steps, string scratch)
    {
        using var scope = NewDisposeScope();
        var model = s.Spec.Build(p.Features.Dimension, p.Population.ClassCount, seed: 0, device: "cpu");
        var (features, labels, weights) = FeatureTensors.FromPopulation(p.Population, p.Features, s.Spec.DType);
        var marks = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var progress = new StepMarks(step => { if (step >= warmup) marks.Add(clock.Elapsed.TotalSeconds); });
        var trainer = new Trainer(s.Training with { Steps = warmup + steps, LogEvery = warmup + steps, SnapshotSteps = [] });
        Train(trainer, model, features, labels, weights, progress);
        var files = WriteProblem(scratch, s, features, labels, weights, p.Population.ClassCount);
        return (Timing.Median(Timing.Intervals(marks)), files);
    }

    /// <summary>Seconds per step of the linear claims' training with their logging and observer.</summary>
    private static double LoggedStep(TaskPrediction p, Setting s, int steps, int logEvery)
    {
        using var scope = NewDisposeScope();
        var model = s.Spec.Build(p.Features.Dimension, p.Population.ClassCount, seed: 0, device: "cpu");
        var trainer = new Trainer(s.Training with { Steps = steps, LogEvery = logEvery });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        switch (model)
        {
            case Empirics.Models.LinearModel m: trainer.Train(m, p.Population, p.Features, p.Agreement.Observer, "R_cos"); break;
            default: throw new InvalidOperationException($"the linear claims train a linear model, not {model.GetType().Name}");
        }
        return clock.Elapsed.TotalSeconds / steps;
    }

    private static void Train(Trainer trainer, Empirics.Models.IFeatureModel model, Tensor features, Tensor labels, Tensor weights, IProgress<TrainingProgress> progress)
    {
        switch (model)
        {
            case Empirics.Models.LinearModel m: trainer.Train(m, features, labels, weights, progress: progress); break;
            case Empirics.Models.FeedForwardModel m: trainer.Train(m, features, labels, weights, progress: progress); break;
            default: throw new InvalidOperationException($"no bench for {model.GetType().Name}");
        }
    }

    /// <summary>features.npy, labels.npy, weights.npy and setup.json for Peers/feature_step.py.</summary>
    private static (string, string, string, string) WriteProblem(string scratch, Setting s, Tensor features, Tensor labels, Tensor weights, int classes)
    {
        string dir = Path.Combine(scratch, s.Id);
        Directory.CreateDirectory(dir);
        string f = Path.Combine(dir, "features.npy"), l = Path.Combine(dir, "labels.npy"), w = Path.Combine(dir, "weights.npy"), setup = Path.Combine(dir, "setup.json");
        int n = (int)features.shape[0], dim = (int)features.shape[1];
        bool f64 = s.Spec.DType == ScalarType.Float64;
        using (var stream = File.Create(f))
            if (f64) Npy.WriteFloat64(stream, features.data<double>().ToArray(), n, dim); else Npy.WriteFloat32(stream, features.data<float>().ToArray(), n, dim);
        using (var stream = File.Create(w))
            if (f64) Npy.WriteFloat64(stream, weights.data<double>().ToArray(), n); else Npy.WriteFloat32(stream, weights.data<float>().ToArray(), n);
        using (var stream = File.Create(l)) Npy.WriteInt64(stream, labels.data<long>().ToArray(), n);
        var json = new Dictionary<string, object?>
        {
            ["model"] = s.Spec.Kind == ModelKind.Linear ? "linear" : "ffn",
            ["tied"] = s.Spec.Tied,
            ["embedding_dim"] = s.Spec.Width,
            ["hidden"] = s.Spec.HiddenWidth,
            ["activation"] = s.Spec.Activation.ToString().ToLowerInvariant(),
            ["classes"] = classes,
            ["learning_rate"] = s.Training.LearningRate,
            ["optimiser"] = s.Training.Optimiser == Optimiser.AdamW ? "adamw" : "gd",
            ["weight_decay"] = s.Training.WeightDecay,
            ["beta1"] = s.Training.Beta1,
            ["beta2"] = s.Training.Beta2,
            ["epsilon"] = s.Training.Epsilon,
            ["init_std"] = s.Spec.InitStd,
            ["seed"] = 0,
        };
        if (s.Spec.Kind != ModelKind.Linear) json["shape"] = s.Spec.Kind == ModelKind.EmbeddingMlp ? "embedding_mlp" : "hidden_layer_mlp";
        File.WriteAllText(setup, JsonSerializer.Serialize(json));
        return (f, l, w, setup);
    }

    /// <summary>Progress reported synchronously on the training thread (Progress&lt;T&gt; posts later, which would blur the marks).</summary>
    private sealed class StepMarks(Action<int> mark) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => mark(value.Step);
    }
}
