using System.Globalization;
using System.Text;
using System.Text.Json;
using ProbSig.Cli.Output;
using ProbSig.Verification.Claims;
using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Tasks;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>Everything `probsig train` writes about one run.</summary>
internal sealed record TrainRun(
    CompositeAdditionConfig Task, ModelSpec Spec, TrainingConfig Training, int Seed, string Device,
    IReadOnlyList<string> Tokens, IReadOnlyList<string> Classes, TrainedModel Model,
    string Features, int Sequences, bool Empirical, LinearRegimePrediction Prediction, TimeSpan Elapsed)
{
    /// <summary>The initial scale the model was drawn with (the prediction's).</summary>
    public InitScale Init => Prediction.Init;
}

/// <summary>
/// The files of `probsig train`: embedding.npy (V x d, rows in the token order of
/// `predict`), unembedding.npy (C x d), tokens.json, metrics.json, curves.csv, curves.png.
/// </summary>
internal static class TrainOutputWriter
{
    /// <summary>Every file of the run into <paramref name="dir"/>, the temporary folder of <see cref="AtomicOutput.WriteFolder"/>.</summary>
    public static void Write(string dir, TrainRun run, IFigureRenderer renderer, TextWriter warnings)
    {
        var files = TrainingFiles.InFreshFolder(dir);
        files.WriteEmbeddings(run.Model.Embedding, run.Model.Unembedding);
        files.Write("tokens.json", s => WriteTokens(s, run));
        files.Write("metrics.json", s => WriteMetrics(s, run));
        files.WriteCurves(Curves(run.Model.Result), Panels(run.Model.Result), renderer, warnings);
    }

    private static void WriteTokens(Stream s, TrainRun run)
    {
        using var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WritePropertyName("tokens");
        MatrixWriters.WriteJsonStrings(json, run.Tokens);
        json.WritePropertyName("classes");
        MatrixWriters.WriteJsonStrings(json, run.Classes);
        json.WriteString("note", "row i of embedding.npy is tokens[i]; row y of unembedding.npy is classes[y]");
        json.WriteEndObject();
        json.Flush();
        s.WriteByte((byte)'\n');
    }

    private static void WriteMetrics(Stream s, TrainRun run)
    {
        var r = run.Model.Result;
        using var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        void Num(string name, double v) { json.WritePropertyName(name); MatrixWriters.WriteJsonNumber(json, v); }
        json.WriteStartObject();
        Num("final_loss", r.FinalLoss);
        Num("final_accuracy", r.FinalAccuracy);
        Num("r_cos", r.Curves["r_cos"][^1]);
        json.WriteString("r_cos_definition", "Pearson correlation, over off-diagonal token pairs that occur, of the embedding cosine with the centred label-signature cosine cos(l_i - u, l_j - u)");
        Num("sigma_1", run.Prediction.Sigma1);
        Num("t_star", run.Prediction.EndOfLinearRegime);
        json.WriteString("t_star_definition", "end of the linear regime of the linear model under gradient flow (THEORY 3.1), in flow time = steps * lr for gd");
        Num("flow_time", run.Training.Optimiser == Optimiser.GradientDescent ? FlowTime.Steps(run.Training.Steps, run.Training.LearningRate).Time : double.NaN);
        json.WriteNumber("seed", run.Seed);
        Num("elapsed_s", Math.Round(run.Elapsed.TotalSeconds, 3));

        json.WriteStartObject("config");
        json.WriteStartObject("task");
        json.WriteNumber("numbers", run.Task.Numbers);
        json.WriteString("keys", $"{run.Task.KeyMin}..{run.Task.KeyMax}");
        json.WritePropertyName("anchors");
        json.WriteStartArray();
        foreach (var a in run.Task.AnchorValues) json.WriteNumberValue(a);
        json.WriteEndArray();
        json.WriteNumber("anchor_positions", run.Task.AnchorPositions);
        if (run.Task.KeyWeights is { } w) { json.WritePropertyName("key_weights"); MatrixWriters.WriteJsonVector(json, w); }
        json.WriteString("label", run.Task.Label == LabelRule.Sum ? "sum" : "sum-mod");
        json.WritePropertyName("overrides");
        json.WriteStartArray();
        foreach (var o in run.Task.Overrides)
            json.WriteStringValue(string.Join(",", o.AnchorIndices.Select(i => $"A{i + 1}")) + "=" + Fmt.Text(o.Offset));
        json.WriteEndArray();
        json.WriteString("features", run.Features);
        json.WriteNumber("sequences", run.Sequences);
        json.WriteBoolean("empirical", run.Empirical);
        json.WriteEndObject();

        json.WriteStartObject("model");
        json.WriteString("kind", run.Spec.Kind switch { ModelKind.Linear => "linear", ModelKind.EmbeddingMlp => "ffn-embedding", _ => "ffn-hidden" });
        if (run.Spec.Kind != ModelKind.Linear) json.WriteString("activation", run.Spec.Activation.Name);
        json.WriteNumber("width", run.Spec.Width);
        if (run.Spec.Kind == ModelKind.HiddenLayerMlp) json.WriteNumber("hidden_width", run.Spec.HiddenWidth);
        json.WriteNumber("init_std", run.Init.Std);
        if (run.Init.Gamma is { } g) json.WriteNumber("gamma", g);
        json.WriteString("dtype", run.Spec.DType == TorchSharp.torch.ScalarType.Float64 ? "float64" : "float32");
        json.WriteString("device", run.Device);
        json.WriteEndObject();

        var t = run.Training;
        json.WriteStartObject("training");
        json.WriteString("optimizer", t.Optimiser switch { Optimiser.GradientDescent => "gd", Optimiser.Sgd => "sgd", _ => "adamw" });
        json.WriteNumber("lr", t.LearningRate);
        json.WriteNumber("steps", t.Steps);
        if (t.BatchSize is { } b) json.WriteNumber("batch_size", b); else json.WriteNull("batch_size");
        json.WriteNumber("weight_decay", t.WeightDecay);
        json.WriteNumber("log_every", t.LogEvery);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteEndObject();
        json.Flush();
        s.WriteByte((byte)'\n');
    }

    private static string Curves(TrainingResult r)
    {
        var csv = new StringBuilder("step,loss,accuracy,r_cos\n");
        var rcos = r.Curves["r_cos"];
        for (int i = 0; i < r.LoggedSteps.Count; i++)
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{r.LoggedSteps[i]},{Fmt.Csv(r.Loss[i])},{Fmt.Csv(r.Accuracy[i])},{Fmt.Csv(rcos[i])}\n"));
        return csv.ToString();
    }

    private static IReadOnlyList<PlotArtifact> Panels(TrainingResult r)
    {
        var steps = r.LoggedSteps.Select(s => (double)s).ToArray();
        return
        [
            new PlotArtifact("loss", "population loss", "step", "cross-entropy", [new Series("loss", steps, r.Loss)]),
            new PlotArtifact("agreement", "accuracy and R_cos", "step", "value",
                [new Series("accuracy", steps, r.Accuracy), new Series("R_cos (embedding vs signature cosine)", steps, r.Curves["r_cos"])]),
        ];
    }
}
