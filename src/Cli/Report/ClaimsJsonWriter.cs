using System.Text.Json;
using ProbSig.Cli.Output;
using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>
/// claims.json: one object per claim with everything a reader needs to judge it
/// (statement, metric, measured, tolerance with rationale, per-seed values, null
/// and stated nulls, baselines, premise, details, finding, verdict against its expectation,
/// files). Non-finite numbers are null.
/// </summary>
internal static class ClaimsJsonWriter
{
    public static void Write(Stream stream, IReadOnlyList<ClaimOutcome> outcomes)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        var holm = ClaimOutcome.HolmP(outcomes);
        for (int i = 0; i < outcomes.Count; i++) WriteClaim(json, outcomes[i], holm[i]);
        json.WriteEndArray();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteClaim(Utf8JsonWriter json, ClaimOutcome o, double holmP)
    {
        var c = o.Claim;
        json.WriteStartObject();
        json.WriteString("id", c.Id);
        json.WriteString("title", c.Title);
        json.WriteString("statement", c.Statement);
        json.WriteString("experiment", c.Experiment.Describe());
        json.WriteString("metric", c.Metric);
        json.WriteString("scale", ClaimScales.Name(c.Scale));
        json.WritePropertyName("measured");
        MatrixWriters.WriteJsonNumber(json, o.Measured);
        json.WritePropertyName("tolerance");
        json.WriteStartObject();
        json.WriteString("side", c.Tolerance.Side == Bound.AtLeast ? "at_least" : "at_most");
        json.WritePropertyName("limit");
        MatrixWriters.WriteJsonNumber(json, c.Tolerance.Limit);
        json.WriteString("rationale", c.Tolerance.Rationale);
        json.WriteEndObject();
        json.WriteString("verdict", o.VerdictName);
        json.WriteString("expected_verdict", o.ExpectedName);
        json.WriteBoolean("as_expected", o.AsExpected);
        json.WriteString("verdict_reason", o.Result?.Judgement.Reason ?? o.Skipped ?? o.Error ?? "");
        if (c.ExpectedReason.Length > 0) json.WriteString("expected_reason", c.ExpectedReason);
        json.WritePropertyName("stated_null");
        if (c.Null is { } test)
        {
            json.WriteStartObject();
            json.WriteString("what", test.What);
            MatrixWriters.WriteJsonNumber(json, "level", test.Level);
            json.WriteNumber("permutations", test.Permutations);
            json.WriteEndObject();
        }
        else json.WriteNullValue();
        json.WritePropertyName("stated_difference");
        if (c.Difference is { } difference)
        {
            json.WriteStartObject();
            json.WriteString("what", difference.What);
            MatrixWriters.WriteJsonNumber(json, "level", difference.Level);
            json.WriteNumber("resamples", difference.Resamples);
            json.WriteString("method", "paired token bootstrap, percentile interval");
            json.WriteEndObject();
        }
        else json.WriteNullValue();
        json.WritePropertyName("differences");
        json.WriteStartArray();
        foreach (var d in o.Result?.Differences ?? [])
        {
            json.WriteStartObject();
            json.WriteString("name", d.Name);
            json.WriteNumber("seed", d.Seed);
            MatrixWriters.WriteJsonNumber(json, "estimate", d.Interval.Estimate);
            MatrixWriters.WriteJsonNumber(json, "lower", d.Interval.Lower);
            MatrixWriters.WriteJsonNumber(json, "upper", d.Interval.Upper);
            MatrixWriters.WriteJsonNumber(json, "level", d.Interval.Level);
            MatrixWriters.WriteJsonNumber(json, "sd", d.Interval.Sd);
            MatrixWriters.WriteJsonNumber(json, "p_value", d.Interval.PValue);
            json.WriteNumber("resamples", d.Interval.Resamples);
            json.WriteNumber("undefined", d.Interval.Undefined);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName("baselines");
        json.WriteStartArray();
        foreach (var b in c.Baselines)
        {
            json.WriteStartObject();
            json.WriteString("name", b.Name);
            json.WriteString("description", b.Description);
            MatrixWriters.WriteJsonNumber(json, "figure", o.Result?.Baselines.GetValueOrDefault(b.Name, double.NaN) ?? double.NaN);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (o.Result?.Baselines.TryGetValue(ClaimMeasurement.SignatureFigure, out var own) == true) MatrixWriters.WriteJsonNumber(json, "signature_figure", own);
        json.WritePropertyName("premise");
        if (o.Result?.Premise is { } premise)
        {
            json.WriteStartObject();
            json.WriteString("statement", premise.Statement);
            json.WriteBoolean("holds", premise.Holds);
            json.WriteString("measured", premise.Measured);
            json.WriteEndObject();
        }
        else json.WriteNullValue();
        json.WritePropertyName("per_seed");
        MatrixWriters.WriteJsonVector(json, o.Result?.PerSeed ?? Array.Empty<double>());
        json.WritePropertyName("seeds");
        json.WriteStartArray();
        foreach (var s in c.Seeds) json.WriteNumberValue(s);
        json.WriteEndArray();
        json.WritePropertyName("null_p_max");
        MatrixWriters.WriteJsonNumber(json, o.NullP);
        // The family of claims that test a null or a difference, Holm-adjusted over this run's outcomes.
        MatrixWriters.WriteJsonNumber(json, "family_p", o.FamilyP);
        MatrixWriters.WriteJsonNumber(json, "holm_p", holmP);
        json.WritePropertyName("null");
        if (o.Result?.Null is { } n)
        {
            json.WriteStartObject();
            json.WriteString("metric", n.Metric);
            MatrixWriters.WriteJsonNumber(json, "observed", n.Observed);
            MatrixWriters.WriteJsonNumber(json, "mean", n.NullMean);
            MatrixWriters.WriteJsonNumber(json, "sd", n.NullStd);
            MatrixWriters.WriteJsonNumber(json, "p_value", n.PValue);
            json.WriteNumber("permutations", n.Permutations);
            json.WriteEndObject();
        }
        else json.WriteNullValue();
        json.WritePropertyName("details");
        json.WriteStartObject();
        foreach (var (name, value) in o.Result?.Details ?? new Dictionary<string, double>()) MatrixWriters.WriteJsonNumber(json, name, value);
        json.WriteEndObject();
        json.WritePropertyName("timings_s");
        json.WriteStartObject();
        foreach (var (name, value) in o.Result?.Timings ?? new Dictionary<string, double>()) MatrixWriters.WriteJsonNumber(json, name, Math.Round(value, 3));
        json.WriteEndObject();
        json.WriteString("finding", o.Result?.Finding ?? "");
        if (o.Error is null) json.WriteNull("error"); else json.WriteString("error", o.Error);
        MatrixWriters.WriteJsonNumber(json, "elapsed_s", Math.Round(o.Elapsed.TotalSeconds, 3));
        Files(json, "figures", o.Figures);
        Files(json, "matrices", o.Matrices);
        if (o.FigureError is not null) json.WriteString("figure_error", o.FigureError);
        json.WriteEndObject();
    }


    private static void Files(Utf8JsonWriter json, string name, IReadOnlyList<ArtifactFile> files)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var f in files) json.WriteStringValue(f.RelativePath);
        json.WriteEndArray();
    }
}
