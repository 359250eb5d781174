using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Models;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Tasks;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig predict`: the closed-form small-initialisation prediction of the embedding
/// cosine matrix of the linear model (THEORY 3.1) on a composite addition task.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var task = new TaskOptions();
        var output = new OutputOptions();
        var width = new Option<int>("--width") { Description = "Embedding width d.", DefaultValueFactory = _ => 64 };
        var initOptions = new InitOptions(LinearModelConfig.DefaultInitStd);
        var time = new Option<double?>("--time") { Description = "Gradient-flow time t (default: t*, the estimated end of the linear regime)." };
        var steps = new Option<int?>("--steps") { Description = "Gradient-descent steps k (with --lr, instead of --time): the discrete form." };
        var lr = new Option<double?>("--lr") { Description = "Gradient-descent step eta (with --steps)." };

        var command = new Command("predict", "Predicted embedding cosine matrix of the linear model under small-init gradient flow (closed form).");
        task.AddTo(command);
        command.Add(width);
        initOptions.AddTo(command);
        foreach (var o in new Option[] { time, steps, lr }) command.Add(o);
        output.AddTo(command);

        command.SetAction(r =>
        {
            var format = output.ParseFormat(r);
            int d = r.GetValue(width);
            if (d < 1) throw new CliUsageException("--width", Fmt.Text(d), "must be at least 1");
            var init = initOptions.Parse(r, d);
            var (t, k, eta) = ParseTime(r.GetValue(time), r.GetValue(steps), r.GetValue(lr));

            output.CheckBeforeWork(r, folder: false, owner: "predict");
            var config = task.ToConfig(r);
            var instance = CompositeAdditionTask.Create(config);
            var population = task.ToPopulation(r, instance);
            var features = task.ToFeatureMap(r, population);
            var prediction = LinearRegimePrediction.Compute(population, features, init);

            // t* is NaN when d s^2 >= 2 (no linear regime) and infinite when sigma_1 = 0; either
            // way it is reported as null and cannot serve as the default time.
            double tStar = prediction.EndOfLinearRegime;
            bool discrete = k is not null;
            if (!prediction.HasEndOfLinearRegime && !discrete && t is null)
                throw new CliUsageException(init.Gamma is null ? "--init-std" : "--gamma", Fmt.Text(init.Gamma ?? init.Std),
                    $"d s^2 = {init.WidthTimesVariance.ToString("G4", CultureInfo.InvariantCulture)} is at least 2, so there is no linear regime and no default time t*: give --time");
            if (!discrete && !double.IsFinite(t ?? tStar))
                throw new CliUsageException("--time", "", "no default time: sigma_1(A) is 0 (labels independent of tokens), so give --time");
            var when = discrete ? FlowTime.Steps(k!.Value, eta!.Value) : FlowTime.Continuous(t ?? tStar);
            double flowTime = when.Time;
            var cosine = prediction.EmbeddingCosine(when);

            var names = Enumerable.Range(0, features.Dimension).Select(i => features.FeatureName(i, instance.TokenNames)).ToArray();
            var matrix = new LabelledMatrix("cosine", names, names, cosine.ToArray());

            void WriteJson(Stream s)
            {
                using var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = false });
                json.WriteStartObject();
                json.WriteString("kind", discrete ? "gradient-descent closed form" : "gradient-flow closed form");
                json.WritePropertyName("tokens");
                MatrixWriters.WriteJsonStrings(json, names);
                json.WritePropertyName("cosine");
                MatrixWriters.WriteJsonRows(json, matrix.Values);
                json.WriteNumber("sigma_1", prediction.Sigma1);
                json.WritePropertyName("t_star");
                MatrixWriters.WriteJsonNumber(json, tStar);
                json.WriteNumber("time", flowTime);
                if (discrete) { json.WriteNumber("steps", k!.Value); json.WriteNumber("lr", eta!.Value); }
                json.WriteNumber("width", d);
                json.WriteNumber("init_std", init.Std);
                if (init.Gamma is { } g) json.WriteNumber("gamma", g);
                json.WriteNumber("width_times_variance", init.WidthTimesVariance);
                json.WriteString("features", features.Kind.ToString().ToLowerInvariant());
                json.WriteNumber("sequences", population.Samples.Count);
                json.WriteBoolean("empirical", population.IsEmpirical);
                json.WriteEndObject();
                json.Flush();
                s.WriteByte((byte)'\n');
            }

            MatrixOutput.Write(r.GetValue(output.Out), format, new[] { matrix }, WriteJson, overwrite: r.GetValue(output.Overwrite));
            return 0;
        });
        return command;
    }

    private static (double? Time, int? Steps, double? Lr) ParseTime(double? time, int? steps, double? lr)
    {
        if (steps is null && lr is not null) throw new CliUsageException("--lr", Fmt.Text(lr.Value), "needs --steps");
        if (steps is not null && lr is null) throw new CliUsageException("--steps", Fmt.Text(steps.Value), "needs --lr");
        if (steps is not null && time is not null) throw new CliUsageException("--time", Fmt.Text(time.Value), "give either --time or --steps with --lr, not both");
        if (time is { } t && (!double.IsFinite(t) || t < 0)) throw new CliUsageException("--time", Fmt.Text(t), "must be a finite number >= 0");
        if (steps is { } k && k < 0) throw new CliUsageException("--steps", Fmt.Text(k), "must be >= 0");
        if (lr is { } e && (!double.IsFinite(e) || e <= 0)) throw new CliUsageException("--lr", Fmt.Text(e), "must be a positive finite number");
        return (time, steps, lr);
    }
}
