using Series = ProbSig.Verification.Figures.Series;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C4: beyond a decay with key distance, the trained key cosines repeat the bumps of the
/// signature's distance profile (THEORY 6: high at delta = 3, 4, 6, 7, 9, 13).
/// </summary>
internal static class FingerprintClaim
{
    /// <summary>Profiles run to delta = 20: every delta has at least 20 key pairs, and the
    /// reference bumps (up to 13) lie well inside.</summary>
    public const int MaxDelta = 20;

    /// <summary>Where THEORY 6 sees the signature's bumps repeated.</summary>
    public static readonly IReadOnlyList<int> ReferenceBumps = [3, 4, 6, 7, 9, 13];

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, claim.Seeds);
        var predicted = SignatureSimilarity.Centred(s.Prediction.Signatures, s.Keys);
        var metric = new FingerprintMetric(s.Keys, MaxDelta);
        var observed = runs.Select(r => DefaultLinearSetting.EmbeddingCosine(r, s.Keys)).ToArray();
        var nulls = observed.Select((o, i) => PermutationNull.Test(metric, o, predicted,
            TrainedSignatureClaim.Permutations, 3000 + claim.Seeds[i])).ToArray();
        var perSeed = nulls.Select(n => n.Observed).ToArray();

        var signatureProfile = DistanceProfile.Compute(predicted, s.Keys, MaxDelta);
        var observedProfiles = observed.Select(o => DistanceProfile.Compute(o, s.Keys, MaxDelta)).ToArray();
        var meanObserved = Enumerable.Range(0, MaxDelta).Select(d => Mean(observedProfiles.Select(p => p[d]))).ToArray();
        var signatureBumps = DistanceProfile.Detrended(signatureProfile);
        var observedBumps = DistanceProfile.Detrended(meanObserved);

        var details = new Dictionary<string, double>(NullSummary("", nulls))
        {
            ["fingerprint_min_over_seeds"] = perSeed.Min(),
            ["reference_bumps_above_trend_observed"] = ReferenceBumps.Count(d => observedBumps[d - 1] > 0),
            ["reference_bumps_above_trend_signature"] = ReferenceBumps.Count(d => signatureBumps[d - 1] > 0),
        };
        foreach (var d in ReferenceBumps)
        {
            details[$"detrended_observed_at_delta{d}"] = observedBumps[d - 1];
            details[$"detrended_signature_at_delta{d}"] = signatureBumps[d - 1];
        }

        var deltas = Enumerable.Range(1, MaxDelta).Select(d => (double)d).ToArray();
        var artifacts = new List<Artifact>
        {
            new PlotArtifact("c4_distance_profiles", "C4: mean key cosine against key distance delta", "delta", "mean cosine D(delta)",
                [new Series("observed (mean over seeds)", deltas, meanObserved), new Series("centred label signature", deltas, signatureProfile)]),
            new PlotArtifact("c4_detrended_profiles", "C4: distance profiles with their linear trend removed (the fingerprint)", "delta", "D(delta) - linear fit",
                [new Series("observed (mean over seeds)", deltas, observedBumps), new Series("centred label signature", deltas, signatureBumps)]),
        };

        double measured = Mean(perSeed);
        var shared = ReferenceBumps.Where(d => observedBumps[d - 1] > 0 && signatureBumps[d - 1] > 0).ToArray();
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Null = nulls[0],
            SeedNulls = nulls,
            // A distance-only predictor has a linear profile: nothing left after detrending (NaN).
            Baselines = new Dictionary<string, double>
            {
                [ClaimMeasurement.SignatureFigure] = Mean(perSeed),
                [BaselineAgreement.ValueDistance] = Mean(observed.Select(o => metric.Measure(o, Theory.Baselines.RivalBaselines.ValueDistance(s.KeyValues)))),
            },
            Details = details,
            Artifacts = artifacts,
            Finding = $"fingerprint {F(measured)} (null mean {F(nulls[0].NullMean)}, p = {nulls[0].PValue:G3}); of the reference bumps at delta = "
                + $"{string.Join(", ", ReferenceBumps)}, the observed and signature profiles both sit above their trends at {(shared.Length == 0 ? "none" : string.Join(", ", shared))}.",
        };
    }
}
