using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Tasks;
using TorchSharp;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig train`: trains a linear model or a feed-forward network on a composite
/// addition task and writes its embedding, unembedding, metrics and curves (loss,
/// accuracy, and R_cos: Pearson agreement of embedding cosines with label-signature
/// cosines) into a folder, atomically.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Exit code of a run whose loss became NaN or infinite.</summary>
    public const int ExitDiverged = 1;

    private sealed class TrainOptions
    {
        public readonly Option<string> Model = new("--model") { Description = "linear or ffn.", DefaultValueFactory = _ => "linear" };
        public readonly Option<string> Shape = new("--shape") { Description = "FFN shape: embedding (z = W_U act(W_E phi)) or hidden (z = W_U act(W_H W_E phi)).", DefaultValueFactory = _ => "embedding" };
        public readonly Option<string> Activation = new("--activation") { Description = $"FFN activation: {string.Join(", ", Theory.Flow.Activation.Known.Select(a => a.Name))}.", DefaultValueFactory = _ => "gelu" };
        public readonly Option<int> Width = new("--width") { Description = "Embedding width d.", DefaultValueFactory = _ => 64 };
        public readonly Option<int> HiddenWidth = new("--hidden-width") { Description = "Hidden width m of the hidden-layer FFN.", DefaultValueFactory = _ => 64 };
        // Both families (linear, ffn) start from the same small default.
        public readonly InitOptions Init = new(LinearModelConfig.DefaultInitStd);
        public readonly Option<string> Optimizer = new("--optimizer") { Description = "gd (full-batch gradient descent), sgd (minibatch) or adamw.", DefaultValueFactory = _ => "gd" };
        public readonly Option<double> Lr = new("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 0.1 };
        public readonly Option<int> Steps = new("--steps") { Description = "Parameter updates.", DefaultValueFactory = _ => 1000 };
        public readonly Option<int?> BatchSize = new("--batch-size") { Description = "Minibatch size (required by sgd, optional for adamw)." };
        public readonly Option<double> WeightDecay = new("--weight-decay") { Description = "AdamW weight decay.", DefaultValueFactory = _ => 0.0 };
        public readonly Option<string> DType = new("--dtype") { Description = "float64 or float32.", DefaultValueFactory = _ => "float64" };
        public readonly Option<string> Device = DeviceOption.Create();
        public readonly Option<int?> LogEvery = new("--log-every") { Description = "Record curves every N steps (default: steps / 100, at least 1)." };
        public readonly Option<string?> Out = new("--out") { Description = "Output folder (required; checked before training, probsig's files in it replaced when training ends, nothing else)." };
        public readonly Option<bool> Overwrite = Options.OutputOptions.CreateOverwrite();

        public IEnumerable<Option> All => [Model, Shape, Activation, Width, HiddenWidth, Init.Std, Init.Gamma, Optimizer, Lr, Steps, BatchSize, WeightDecay, DType, Device, LogEvery, Out, Overwrite];
    }

    public static Command Create()
    {
        var task = new TaskOptions();
        // One seed for everything random in a run: the initial draw, the minibatches and --samples.
        task.Seed.Description = "Seed of the initial weights, the minibatches and --samples.";
        var o = new TrainOptions();
        var command = new Command("train",
            "Train a linear model or FFN on a composite addition task; write embedding.npy, unembedding.npy, tokens.json, metrics.json, curves.csv and curves.png. " +
            $"Exit 0: trained; {ExitDiverged}: the loss diverged (nothing written); 2: bad input.");
        task.AddTo(command);
        foreach (var option in o.All) command.Add(option);
        command.SetAction(r => Run(r, task, o));
        return command;
    }

    private static int Run(ParseResult r, TaskOptions task, TrainOptions o)
    {
        var outDir = r.GetValue(o.Out) ?? throw new CliUsageException("--out", "", "is required: the folder to write");
        if (r.GetValue(o.Steps) < 1) throw new CliUsageException("--steps", Fmt.Text(r.GetValue(o.Steps)), "must be at least 1 (as lm train asks)");
        AtomicOutput.CheckFolder(outDir, r.GetValue(o.Overwrite), "train");
        using var folderLock = OutputLock.Acquire(outDir, "train");
        var (spec, init) = ParseSpec(r, o);
        var training = ParseTraining(r, o);
        var device = DeviceOption.Parse(r.GetValue(o.Device));
        int seed = r.GetValue(task.Seed);

        var config = task.ToConfig(r);
        var instance = CompositeAdditionTask.Create(config);
        var population = task.ToPopulation(r, instance);
        var features = task.ToFeatureMap(r, population);
        // The linear model's closed form, recorded beside every run (its t* is NaN, null in
        // metrics.json, when the initialisation is too large for a linear regime).
        var prediction = LinearRegimePrediction.Compute(population, features, init);
        var agreement = new SignatureAgreement(prediction.Signatures);

        var stderr = r.InvocationConfiguration.Error;
        var clock = Stopwatch.StartNew();
        TrainedModel trained;
        try
        {
            trained = TrainedModel.Train(population, features, spec, training, seed, device,
                agreement.Observer, "r_cos", new StepProgress(stderr, training.Steps));
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"probsig: {Fmt.OneLine(e.Message)}");
            return ExitDiverged;
        }

        var tokens = Enumerable.Range(0, features.Dimension).Select(i => features.FeatureName(i, instance.TokenNames)).ToArray();
        var run = new TrainRun(config, spec, training, seed, device, tokens, instance.ClassNames, trained,
            features.Kind.ToString().ToLowerInvariant(), population.Samples.Count, population.IsEmpirical,
            prediction, clock.Elapsed);
        AtomicOutput.WriteFolder(outDir, "train", dir => TrainOutputWriter.Write(dir, run, new ScottPlotRenderer(), stderr), r.GetValue(o.Overwrite));
        var result = trained.Result;
        r.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {spec} for {training.Steps} steps in {clock.Elapsed.TotalSeconds:0.0} s: loss {result.FinalLoss:G6}, accuracy {result.FinalAccuracy:0.####}, R_cos {result.Curves["r_cos"][^1]:0.####}; wrote {Path.GetFullPath(outDir)}"));
        return 0;
    }

    private static (ModelSpec Spec, InitScale Init) ParseSpec(ParseResult r, TrainOptions o)
    {
        var modelText = r.GetValue(o.Model) ?? "linear";
        var shapeText = r.GetValue(o.Shape) ?? "embedding";
        var kind = modelText switch
        {
            "linear" => ModelKind.Linear,
            "ffn" => shapeText switch
            {
                "embedding" => ModelKind.EmbeddingMlp,
                "hidden" => ModelKind.HiddenLayerMlp,
                _ => throw new CliUsageException("--shape", shapeText, "expected embedding or hidden"),
            },
            _ => throw new CliUsageException("--model", modelText, "expected linear or ffn"),
        };
        var actText = r.GetValue(o.Activation) ?? "gelu";
        Activation activation;
        try
        {
            activation = Activation.ForName(actText);
        }
        catch (ArgumentException e)
        {
            throw CliUsageException.For("--activation", actText, e);
        }
        int width = r.GetValue(o.Width), hidden = r.GetValue(o.HiddenWidth);
        if (width < 1) throw new CliUsageException("--width", Fmt.Text(width), "must be at least 1");
        if (hidden < 1) throw new CliUsageException("--hidden-width", Fmt.Text(hidden), "must be at least 1");
        var init = o.Init.Parse(r, width);
        var (initStd, gamma) = InitOptions.ConfigFields(init);
        var dtypeText = r.GetValue(o.DType) ?? "float64";
        var dtype = dtypeText switch
        {
            "float64" => torch.ScalarType.Float64,
            "float32" => torch.ScalarType.Float32,
            _ => throw new CliUsageException("--dtype", dtypeText, "expected float64 or float32"),
        };
        return (new ModelSpec { Kind = kind, Activation = activation, Width = width, HiddenWidth = hidden, InitStd = initStd, Gamma = gamma, DType = dtype }, init);
    }

    private static TrainingConfig ParseTraining(ParseResult r, TrainOptions o)
    {
        var optText = r.GetValue(o.Optimizer) ?? "gd";
        var optimiser = optText switch
        {
            "gd" => Optimiser.GradientDescent,
            "sgd" => Optimiser.Sgd,
            "adamw" => Optimiser.AdamW,
            _ => throw new CliUsageException("--optimizer", optText, "expected gd, sgd or adamw"),
        };
        int steps = r.GetValue(o.Steps);
        var config = new TrainingConfig
        {
            Optimiser = optimiser,
            LearningRate = r.GetValue(o.Lr),
            Steps = steps,
            BatchSize = r.GetValue(o.BatchSize),
            WeightDecay = r.GetValue(o.WeightDecay),
            LogEvery = r.GetValue(o.LogEvery) ?? Math.Max(1, steps / 100),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            // The trainer names its own fields; the user typed options.
            var (option, value) = e.ParamName switch
            {
                nameof(TrainingConfig.LearningRate) => ("--lr", Fmt.Text(config.LearningRate)),
                nameof(TrainingConfig.Steps) => ("--steps", Fmt.Text(config.Steps)),
                nameof(TrainingConfig.BatchSize) => ("--batch-size", config.BatchSize is { } b ? Fmt.Text(b) : ""),
                nameof(TrainingConfig.WeightDecay) => ("--weight-decay", Fmt.Text(config.WeightDecay)),
                nameof(TrainingConfig.LogEvery) => ("--log-every", Fmt.Text(config.LogEvery)),
                _ => ("--optimizer", optText),
            };
            var problem = e.ParamName switch
            {
                nameof(TrainingConfig.BatchSize) when optimiser == Optimiser.GradientDescent => "gd is full batch; use --optimizer sgd or adamw for minibatches",
                nameof(TrainingConfig.BatchSize) when config.BatchSize is null => "sgd needs --batch-size",
                nameof(TrainingConfig.WeightDecay) when config.WeightDecay > 0 && optimiser != Optimiser.AdamW => "only adamw takes weight decay",
                _ => "must be " + (e.ParamName == nameof(TrainingConfig.Steps) || e.ParamName == nameof(TrainingConfig.WeightDecay) ? "non-negative" : "positive") + " and finite",
            };
            throw new CliUsageException(option, value, problem);
        }
        return config;
    }

    /// <summary>"step k / K, loss L" on stderr, at most once a second, so short runs stay quiet.</summary>
    private sealed class StepProgress(TextWriter output, int steps) : IProgress<TrainingProgress>
    {
        // Started by the first step, so that loading libtorch does not count as a long run.
        private Stopwatch? sinceLast;

        public void Report(TrainingProgress value)
        {
            if (sinceLast is null) { sinceLast = Stopwatch.StartNew(); return; }
            if (sinceLast.Elapsed < TimeSpan.FromSeconds(1)) return;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {value.Step} / {steps}, loss {value.Loss:G6}"));
            sinceLast.Restart();
        }
    }
}
