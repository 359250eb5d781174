using ProbSig.Verification.Claims.Linear;

namespace ProbSig.Verification.Claims;

/// <summary>Claims C1 to C5: the linear model on the composite addition task. Each row is the
/// claim's definition (what it predicts, its tolerance and where the tolerance comes from),
/// written before and apart from the measurement it names (Claims/Linear).</summary>
public static class LinearModelClaims
{
    /// <summary>The limit of C2's and C5's partial rank correlation, fixed before it was
    /// measured: half the 0.3 the independent re-implementation reported for C2, so that the
    /// prediction is "a clear share of the signature's agreement is not value distance",
    /// not "some share". A predictor that knows only the distance has no partial correlation
    /// left (its ranks are the baseline's: NaN, so INCONCLUSIVE), and under the within-distance
    /// null the partial correlation is centred on 0.</summary>
    public const double PartialLimit = 0.15;

    /// <summary>C2's and C5's stated null: the signature's pair values permuted within strata of the distance.</summary>
    private static NullTest WithinDistanceNull(string strata) => new(
        $"the signature's cosines permuted among {strata} (every draw keeps the distance baseline exactly)", 0.01, TrainedSignatureClaim.Permutations);

    /// <summary>The closed form near t* (C1), and on the trained runs they share, label
    /// signatures (C2), ordered keys (C3), the distance fingerprint (C4) and output-side
    /// signatures (C5).</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new Claim(new(
            "C1",
            "closed-form linear flow predicts embedding cosines near t*",
            "With small initialisation, the linear model's embedding cosines over keys and anchors agree with the closed-form "
            + "gradient-descent prediction of THEORY 3.1 near the end of the linear regime t*; the agreement peaks shortly after t* (measured: about 1.2 t*) and falls once the linear regime is over.",
            new ExperimentPlan([new ClosedFormTimeCourse(0)],
                "from t = 0, t* = ln(2/(d s^2)) / (2 sigma_1) = 50.3; closed form (I + eta B)^{2k} of the same k (LinearFlow.EmbeddingCosine at FlowTime.Steps(k, eta))"),
            "Pearson(observed, closed-form gradient-descent cosine) over the 44 tokens with a signature (40 keys, 4 anchors), "
            + "off-diagonal pairs, at the step nearest t* (k = 101, t = 50.5); mean over seeds",
            new Tolerance(Bound.AtLeast, 0.88,
                "Measured over seeds 0-4: 0.971, 0.936, 0.967, 0.950, 0.952 (mean 0.955, sd 0.014; THEORY 6 reference 0.93 at t = 50). "
                + "Limit = lowest seed - 0.05, rounded down, = 0.88: one width-64 draw moves each cosine by O(1/sqrt(d)), which the 946 pairs average but not away, "
                + "so the seed spread (sd 0.014) is the scale of the margin; a mean below 0.88 would be a closed form that no longer tracks the run."),
            DefaultLinearSetting.Seeds)
        {
            // A closed form against its own run: no null; its rival is the signature it refines.
            Baselines =
            [
                new Baseline(ClosedFormClaim.LabelSignatureBaseline, "Pearson against the centred label-signature cosine cos(l_i - u, l_j - u) at the same step"),
                new Baseline(ClosedFormClaim.UncentredLabelSignatureBaseline, "Pearson against the uncentred label-signature cosine"),
            ],
        },
            ClosedFormClaim.Measure),
        new Claim(new(
            "C2",
            "trained linear model follows label signatures",
            "After 3000 full-batch steps at eta = 2 the key embedding cosines of the linear model rank like the keys' centred label-signature cosines "
            + "beyond what the keys' value distance -|i - j| explains: the partial rank correlation given the value distance is positive in every seed and beats "
            + "a null that shuffles the signature only among key pairs of equal distance.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)]),
            "Partial Spearman(observed key cosine, centred label-signature cosine cos(l_i - u, l_j - u) | value distance -|i - j|) over the 780 key pairs; mean over seeds",
            new Tolerance(Bound.AtLeast, PartialLimit,
                "Limit 0.15 stated before measurement (PartialLimit). Measured over seeds 0-4: 0.3084, 0.3098, 0.3095, 0.3076, 0.3084 (mean 0.309, the independent "
                + "re-implementation's 0.3), every seed above the limit by 0.16; plain Spearman: signature 0.764, value distance 0.879 (so value distance alone beats "
                + "the signature's ranking), value distance given the signature 0.710; token mass is constant on keys (NaN). A baseline-only predictor has ranks equal "
                + "to the baseline's and so no partial correlation (NaN: INCONCLUSIVE)."),
            DefaultLinearSetting.Seeds)
        {
            Null = WithinDistanceNull("key pairs of equal |i - j|"),
            Baselines =
            [
                new Baseline(BaselineAgreement.ValueDistance, "-|i - j| between key values"),
                new Baseline(BaselineAgreement.Mass, "-|pi_i - pi_j| between key token masses (equal for every key: no ranking)"),
            ],
            Expected = Verdict.Inconclusive,
            ExpectedReason = "the within-distance null cannot be beaten on this task: every draw reproduces the data (null sd 0, p = 1 in every seed), because "
                + "the default task's centred key label signature is a function of |i - j| alone (its 780 key pairs take 9 values). The partial correlation 0.31 "
                + "is the signature's non-monotone shape in |i - j| beating the monotone distance; that shape is C4's fingerprint, and what only the signature "
                + "explains, with the value distance held fixed, is C7b's matched control task (anchors changed, distances unchanged).",
        },
            TrainedSignatureClaim.Measure),
        new Claim(new(
            "C3",
            "key embeddings are ordered along PC1",
            "In the trained linear model (the C2 runs) the first principal component of the 40 key embeddings orders the keys by value.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)], "the C2 runs"),
            "|Spearman(PC1 score, key value)| over the 40 key embeddings (rows of W_E^T, column-centred); mean over seeds",
            new Tolerance(Bound.AtLeast, 0.95,
                "Measured over seeds 0-4: 1.0000 each (PC1 explains 63.8% to 63.9% of the key variance; THEORY 6 reference 1.00 and 64%). "
                + "Limit = lowest seed - 0.05 = 0.95: a perfect ordering with two neighbouring keys swapped still scores about 0.9999, "
                + "while a PC1 that is no longer the key axis falls far below."),
            DefaultLinearSetting.Seeds),
            OrderedStructureClaim.Measure),
        new Claim(new(
            "C4",
            "key cosines repeat the signature's distance fingerprint",
            "The trained linear model's key-cosine distance profile, with its linear trend in delta removed, correlates with the centred "
            + "label signature's detrended profile (the bumps, not only the decay), far above a null that shuffles key identities.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)], "the C2 runs"),
            "Fingerprint: Pearson of the detrended distance profiles D(delta), delta = 1..20, of observed key cosine and centred label-signature key cosine; mean over seeds",
            new Tolerance(Bound.AtLeast, 0.68,
                "Measured over seeds 0-4: 0.738, 0.735, 0.744, 0.748, 0.732 (mean 0.739, sd 0.007); a key-identity permutation null has mean 0.01, sd 0.21, "
                + "p <= 0.01 for every seed. Limit = lowest seed - 0.05, rounded down, = 0.68: the profile of 20 deltas is a mean over 20 to 39 pairs each, "
                + "steady across seeds, and the margin is seven seed sds."),
            DefaultLinearSetting.Seeds)
        {
            Null = new NullTest("key identities of the signature cosine permuted (rows and columns together)", 0.01, TrainedSignatureClaim.Permutations),
            Baselines = [new Baseline(BaselineAgreement.ValueDistance, "-|i - j|: a linear profile, nothing left after detrending")],
        },
            FingerprintClaim.Measure),
        new Claim(new(
            "C5",
            "output vectors follow output-side signatures",
            "In the trained linear model the cosines of the output vectors (rows of W_U) of the classes that occur as labels rank like the cosines of "
            + "their centred output-side signatures m_y - pi beyond what the class distance -|y - y'| explains: the partial rank correlation given the class "
            + "distance is positive in every seed and beats a null that shuffles the signature only among class pairs of equal distance.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)], "the C2 runs"),
            "Partial Spearman(observed output-vector cosine, cos(m_y - pi, m_y' - pi) | class distance -|y - y'|) over the pairs of the 66 label classes 4..69 "
            + "(pi = E[phi] = sum_y P(y) m_y, the mean output signature); mean over seeds",
            new Tolerance(Bound.AtLeast, PartialLimit,
                "Limit 0.15 stated before measurement (PartialLimit). Measured over seeds 0-4: 0.4953, 0.4971, 0.4988, 0.4963, 0.4962 (mean 0.497), every seed above "
                + "the limit by 0.34; within-distance null mean 0.077, sd 0.014, p = 0.005 (the floor of 199 permutations) in every seed. Plain Spearman: signature 0.860, "
                + "class distance 0.918 (which beats the signature's ranking), class mass 0.392; class distance given the signature 0.737. Unlike the keys, the output "
                + "signatures are not a function of |y - y'| (the class masses differ), so the null can be beaten; a predictor that knows only the class distance has "
                + "no partial correlation (NaN: INCONCLUSIVE)."),
            DefaultLinearSetting.Seeds)
        {
            Null = WithinDistanceNull("class pairs of equal |y - y'|"),
            Baselines =
            [
                new Baseline(BaselineAgreement.ValueDistance, "-|y - y'| between class values"),
                new Baseline(BaselineAgreement.Mass, "-|P(y) - P(y')| between class masses"),
            ],
        },
            UnembeddingClaim.Measure),
        new Claim(new(
            "C15",
            "a token that never occurs keeps its initial embedding",
            "Under full-batch gradient descent (the C2 runs) the tokens that never occur in the default task (the numbers 0..19 and 60..99) lie in the null "
            + "space of A and keep their initial embedding: in every seed the largest change of their embedding rows is at most 1e-12 of their initial norm, "
            + "while the tokens that occur move by more than theirs (premise).",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)], "the C2 runs"),
            "max over the never-occurring tokens of ||e_t(T) - e_t(0)|| / ||e_t(0)||, one figure per seed; mean over seeds",
            new Tolerance(Bound.AtMost, 1e-12,
                "Stated before measurement: a zero feature gives an exactly zero gradient, so any change is a leak (a bias, weight decay, a feature bug); "
                + "1e-12 leaves room for nothing but rounding. Measured (seeds 0-4): exactly 0 in every seed (largest absolute change 0); the 44 seen tokens moved by a median 915 times their initial norm (lowest seed 894)."),
            DefaultLinearSetting.Seeds),
            UnseenTokenClaim.Measure),
        new Claim(new(
            "C16",
            "embeddings condense onto v_1 late in the linear regime",
            "At the step nearest t* (the C1 runs), the top eigenvector of the trained linear model's token Gram W_E^T W_E lies along v_1, the leading right "
            + "singular vector of A: |cos| >= 0.9 in every seed.",
            new ExperimentPlan([new ClosedFormTimeCourse(0)], "the C1 runs, their snapshot at the step nearest t*"),
            "|cos(top eigenvector of W_E^T W_E at the step nearest t*, v_1)|; mean over seeds",
            new Tolerance(Bound.AtLeast, 0.9,
                "Limit 0.9 stated before measurement. Measured (seeds 0-4): 0.9999, 0.9999, 0.9998, 0.9999, 0.9999; the top eigenvalue holds 98.8% of the "
                + "Gram's trace (closed form 98.9%, its eigenvector along v_1 to 1.000); sigma_2 / sigma_1 = 0.38, so by t* the v_1 mode has outgrown the "
                + "next by far; at initialisation the top eigenvector is random (|cos| 0.11)."),
            DefaultLinearSetting.Seeds),
            CondensationClaim.Measure),
        new Claim(new(
            "C17",
            "the quadratic approximation ranks trained key cosines at least as well as the label signature",
            "THEORY 3.2's quadratic approximation, which lets the co-occurrence Sigma enter (fixed point M = C A Sigma^+, balanced Gram (M^T M)^{1/2}), "
            + "ranks the trained linear model's key cosines (the C2 runs) at least as well as the centred label signature does, in every seed.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)], "the C2 runs"),
            "Spearman(observed key cosine, quadratic-approximation key cosine) - Spearman(observed key cosine, centred label-signature cosine) over the "
            + "780 key pairs; mean over seeds",
            new Tolerance(Bound.AtLeast, 0,
                "Limit 0 stated before measurement: 'at least as well'. Measured (seeds 0-4): -0.4254, -0.4252, -0.4249, -0.4251, -0.4238; Spearman of the "
                + "quadratic approximation 0.339 against the label signature's 0.764 and the value distance's 0.879; the two predictions agree with each other "
                + "at 0.42; alignment error of Sigma and A^T A 0.067. Given the value distance, though, the quadratic approximation's partial Spearman is 0.55 "
                + "(the label signature's 0.31, C2)."),
            DefaultLinearSetting.Seeds)
        {
            Expected = Verdict.Refuted,
            Difference = new DifferenceTest("Spearman against the quadratic approximation minus Spearman against the centred label signature, keys resampled"),
            ExpectedReason = "measured: the quadratic approximation ranks the trained key cosines far worse than the label signature in every seed "
                + "(0.34 against 0.76), as THEORY 3.2's first measurement warned; what it adds beyond the value distance (partial 0.55) is a lead for a new claim",
            Baselines =
            [
                new Baseline("label_signature", "the centred label-signature cosine, the first-order prediction"),
                new Baseline(BaselineAgreement.ValueDistance, "-|i - j| between key values"),
            ],
        },
            QuadraticApproximationClaim.Measure),
        new Claim(new(
            "C18",
            "beyond the value distance, the quadratic approximation explains more than the label signature",
            "A finding of C17 (seeds 0-4: partial Spearman given the value distance 0.55 for the quadratic approximation, 0.31 for the label signature), "
            + "written down before it was run on fresh seeds: on seeds 5-9 of the C2 training, given -|i - j|, the quadratic approximation's key cosines "
            + "explain more of the trained key cosines than the centred label signature's, by at least 0.1 in partial Spearman in every seed.",
            new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(5)], "the C2 training on seeds 5-9"),
            "partial Spearman(observed key cosine, quadratic-approximation cosine | -|i - j|) - partial Spearman(observed, centred label-signature cosine | "
            + "-|i - j|) over the 780 key pairs; mean over seeds",
            new Tolerance(Bound.AtLeast, 0.1,
                "Limit 0.1 stated before the fresh seeds were run (less than half the 0.24 seen on seeds 0-4). Measured on seeds 5-9: 0.2460, 0.2447, 0.2473, "
                + "0.2466, 0.2450 (quadratic 0.554, label signature 0.308): confirmed."),
            DefaultLinearSetting.FreshSeeds)
        {
            Difference = new DifferenceTest("partial Spearman given -|i - j| of the quadratic approximation minus the label signature's, keys resampled"),
            Baselines = [new Baseline("label_signature", "the centred label signature's partial Spearman given the value distance")],
        },
            QuadraticApproximationClaim.MeasureBeyondDistance),
    ];
}
