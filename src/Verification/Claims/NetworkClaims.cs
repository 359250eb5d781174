using ProbSig.Verification.Claims.Network;

namespace ProbSig.Verification.Claims;

/// <summary>Claims C6 to C8: feed-forward networks, interventions, and where the theory stops.
/// Each row is the claim's definition; its measurement lives under Claims/Network, and the
/// claims share trained models through the claim context (see <see cref="NetworkKit"/>). Cost,
/// measured on the 2-core machine at load about 1.7: C6 20 s, C7a 3 s, C7b 7 s, C8a 18 s, C8b 6 s
/// wall (54 s together, 112 CPU seconds).</summary>
public static class NetworkClaims
{


    /// <summary>The claims of this family.</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new Claim(new(
            "C6",
            "feed-forward networks follow label signatures",
            "Embedding MLPs and hidden-layer MLPs with tanh, GELU or SiLU, trained from a small initialisation to fit the default " +
            "task, grow key embeddings whose cosines repeat the label signature's distance fingerprint (the bumps of its profile in |i - j| " +
            "once the linear decay is removed, which no function of the distance alone predicts), in every configuration and seed, far above " +
            "a null that permutes key identities. ReLU is measured beside them as empirical only (no Taylor expansion at 0).",
            new ExperimentPlan(
                FeedForwardSignatureClaim.Configurations.Concat(FeedForwardSignatureClaim.EmpiricalConfigurations)
                    .Select(c => (IExperiment)new TaskTraining(new CompositeAdditionConfig(), NetworkKit.Spec(c.Kind, c.Activation), NetworkKit.FitTraining, 0)).ToArray(),
                "no biases; 6 configurations x 5 seeds, and 2 ReLU configurations (empirical only)"),
            "min over the 6 tanh, GELU and SiLU configurations of the mean over seeds of the fingerprint: Pearson of the detrended distance profiles " +
            "D(delta), delta = 1..20, of observed key cosine and centred label-signature key cosine; per-configuration fingerprint, null p, Spearman " +
            "(against the signature and against the value distance), |Spearman(PC1, key)|, unembedding Spearman, loss and accuracy in the details",
            new Tolerance(Bound.AtLeast, 0.5,
                "Limit 0.5 stated before measurement (clear agreement of the bumps; the linear model's C4 measured 0.74). Measured (seeds 1-5): weakest "
                + "configuration silu-hid 0.761 [0.741, 0.616, 0.772, 0.808, 0.869], its lowest seed 0.12 above the limit; the others tanh-emb 0.959, gelu-emb "
                + "0.950, silu-emb 0.969, tanh-hid 0.865, gelu-hid 0.797; every one of the 30 nulls p = 1/201; ReLU (empirical only) relu-emb 0.964, relu-hid "
                + "0.879. Plain Spearman shows why the fingerprint: against the signature 0.81 to 0.89, against the value distance 0.83 to 0.95 (higher for "
                + "every hidden-layer MLP). A distance-only predictor has a linear profile and no fingerprint (NaN: INCONCLUSIVE)."),
            NetworkKit.Seeds)
        {
            Null = new NullTest("key identities of the signature cosine permuted (rows and columns together), every configuration and seed", 0.01, NetworkKit.Permutations),
            Baselines = [new Baseline(Linear.BaselineAgreement.ValueDistance, "-|i - j|: a linear profile, nothing left after detrending")],
        },
            FeedForwardSignatureClaim.Measure),
        new Claim(new(
            "C7a",
            "identical label signatures give more aligned embeddings",
            $"Two keys ({IdenticalSignatureClaim.Key1} and {IdenticalSignatureClaim.Key1 + IdenticalSignatureClaim.Delta}) made to have identical label signatures by a key-dependent anchor distribution " +
            $"end with embeddings more aligned than the other key pairs at the same distance {IdenticalSignatureClaim.Delta} in every seed (measured: cosine " +
            "0.87 against 0.75), though not parallel: late in training the linear model condenses all key embeddings, which lifts " +
            "the control pairs (signature cosine 0.37) too.",
            new ExperimentPlan([new TaskTraining(IdenticalSignatureClaim.Config(), NetworkKit.Spec(ModelKind.Linear), NetworkKit.FitTraining, 0)],
                $"the anchor weights: key {IdenticalSignatureClaim.Key1} only takes anchor tuples with sums {{10, 6, 3, -3}} and key {IdenticalSignatureClaim.Key1 + IdenticalSignatureClaim.Delta} only tuples with " +
                "sums {6, 2, -1, -7}, each sum with probability 1/4 (split evenly over its ordered tuples); centred signature cosine of the pair " +
                "checked to be 1"),
            $"cos(embedding {IdenticalSignatureClaim.Key1}, embedding {IdenticalSignatureClaim.Key1 + IdenticalSignatureClaim.Delta}) minus the mean cosine of the control pairs (k, k + {IdenticalSignatureClaim.Delta}) that avoid both keys, mean over seeds",
            new Tolerance(Bound.AtLeast, 0.06,
                "measured (seeds 1-5): 0.121 [0.113, 0.132, 0.119, 0.116, 0.126] (target cosine 0.860 to 0.881, control mean " +
                "0.742 to 0.756). Limit 0.06, half the measured gap and 0.05 below the lowest seed: it still requires the target pair " +
                "to beat the average control clearly, and it fails if identical signatures bring no extra alignment (gap about 0)"),
            NetworkKit.Seeds),
            IdenticalSignatureClaim.Measure),
        new Claim(new(
            "C7b",
            "changing an anchor moves similarities as signatures predict",
            "Changing one anchor value (A2: +1 to +3) changes the trained key cosines in the way the label signatures change: " +
            "the per-pair change in observed cosine correlates with the per-pair change in signature cosine.",
            new ExperimentPlan(
                [new TaskTraining(new CompositeAdditionConfig(), NetworkKit.Spec(ModelKind.Linear), NetworkKit.FitTraining, 0),
                 new TaskTraining(AnchorChangeClaim.Changed(), NetworkKit.Spec(ModelKind.Linear), NetworkKit.FitTraining, 0)],
                "both from the same seed"),
            "Pearson over key pairs of (observed cosine after - before) against (centred label-signature cosine after - before), mean over seeds",
            new Tolerance(Bound.AtLeast, 0.55,
                "measured (seeds 1-5): 0.681 [0.693, 0.665, 0.679, 0.705, 0.664]; Spearman 0.50; permutation null of seed 1 mean 0.00, " +
                "sd 0.035, p = 1/201 in every seed. This is the matched control task of THEORY 4: the value distance is the same on both tasks, so it " +
                "predicts no change and cannot pass. Limit 0.55: 0.11 below the lowest seed and 15 null sds above the null mean"),
            NetworkKit.Seeds)
        {
            Null = new NullTest("key identities of the signature change permuted (rows and columns together), every seed", 0.01, NetworkKit.Permutations),
            Baselines = [new Baseline(Linear.BaselineAgreement.ValueDistance, "-|i - j|, the same on both tasks: it predicts no change (NaN)")],
        },
            AnchorChangeClaim.Measure),
        new Claim(new(
            "C8a",
            "the closed form holds until t*(s): at a fixed time it fails above the predicted init scale",
            "Read at one fixed flow time t = 40, the linear model's agreement with the linear-regime closed form is flat across small initial scales "
            + "and leaves that plateau (falls 0.05 below its value at std 1e-4) where THEORY 3.1's linear regime ends at that time, "
            + "d s^2 = 2 exp(-2 sigma_1 t) (5.4e-4, std 2.9e-3 at d = 64): in every seed within one decade of d s^2 of it.",
            new ExperimentPlan(InitScaleClaim.Stds.Select(std => (IExperiment)InitScaleClaim.Experiment(std, 0)).ToArray(),
                "agreement = Pearson(observed cosine, exact discrete closed-form cosine after k steps) over keys and anchors (44 tokens) at step 80 (flow time 40); 5 seeds"),
            "|log10(measured crossover d s^2 / (2 exp(-2 sigma_1 t)))| at t = 40, the crossover being where the agreement first falls 0.05 below its value "
            + "at std 1e-4 (log-linear in std between swept scales); mean over seeds",
            new Tolerance(Bound.AtMost, 1.0,
                "Limit one decade, stated before measurement: t* is an order-of-magnitude estimate (the time the leading mode's expected norm reaches 1), "
                + "so a factor 10 in d s^2 (3 in std) is its resolution. Measured (seeds 1-5): 1.288, 1.172, 1.227, 1.172, 1.204 decades (mean 1.21); the "
                + "agreement at t = 40 is 0.873 at std 1e-4 and 1e-3, 0.871 at 3e-3, 0.847 at 1e-2, 0.676 at 3e-2, 0.349 at 0.1, 0.038 at 1; it leaves the "
                + "plateau at std 0.0117 (d s^2 0.0088) against the predicted 0.0029 (5.4e-4)."),
            NetworkKit.Seeds)
        {
            Expected = Verdict.Refuted,
            ExpectedReason = "measured: the agreement stays on its plateau about 1.2 decades of d s^2 past the predicted end of the linear regime in every "
                + "seed (the closed form outlasts t*, as C1's peak at 1.2 t* also shows), so t* is a conservative estimate of where it ends, not a sharp one",
        },
            InitScaleClaim.Measure),
        new Claim(new(
            "C8b",
            "a pair override lowers the linear model's signature agreement more than the MLP's",
            "THEORY 5's expressivity prediction, given its premise: once the GELU embedding MLP has learned a pair override (A4, A3) -> k - 6 "
            + "(premise: the override label on at least 90% of the 40 overridden combinations, mean over seeds), which no bag-of-tokens linear model "
            + "can represent, the linear model's late agreement with its task's label signature drops more than the MLP's, by at least 0.03 in every seed.",
            new ExperimentPlan(
                new[] { ModelKind.Linear, ModelKind.EmbeddingMlp }.SelectMany(kind => new[] { new CompositeAdditionConfig(), new CompositeAdditionConfig { Overrides = [PairOverrideClaim.Override] } }
                    .Select(task => (IExperiment)new TaskTraining(task, NetworkKit.Spec(kind), NetworkKit.FitTraining, 0))).ToArray(),
                "5 seeds, same seed on both tasks"),
            "drop(linear) - drop(GELU embedding MLP), mean over seeds, where drop = Spearman(observed key cosine, label-signature key cosine) " +
            "on the default task minus the same on the override task (each against its own task's centred signature)",
            new Tolerance(Bound.AtLeast, 0.03,
                "The paper's expectation, as first drafted (limit 0.03: a drop visibly larger than the seed spread of either model's drop, 0.01 for the linear "
                + "model). Measured (seeds 1-5, after tie snapping): -0.025 [-0.031, -0.030, 0.001, -0.029, -0.034], i.e. neither model drops (both agree better "
                + "with the override task's signature); but the premise fails, so these figures cannot speak to the prediction."),
            NetworkKit.Seeds)
        {
            Expected = Verdict.Inconclusive,
            ExpectedReason = "premise fails: after 400 steps the GELU embedding MLP predicts the override label on 11.5% of the overridden combinations "
                + "(the linear model on none), so the experiment cannot tell an expressivity effect from an unlearned exception",
        },
            PairOverrideClaim.Measure),
        new Claim(new(
            "C19",
            "the hidden-layer MLP's embeddings follow THEORY 3.3's early-time law",
            "Early in training (flow time 10, gradient descent at eta 0.05 from std 1e-2, tanh, d = 1024, m = 64), the change of the hidden-layer MLP's token Gram "
            + "follows d s^2 (I + 3 c1^2 m s^2 t^2 A^T A) - d s^2 I: its off-diagonal, fitted through 0 on the law's, has slope within 50% of 1 in every seed "
            + "(the linear model at its own early time, t = 2, against d s^2 (I + 2 t^2 A^T A), is the control of the method).",
            new ExperimentPlan(
                [EarlyTimeLawClaim.Experiment(ModelKind.HiddenLayerMlp, EarlyTimeLawClaim.HiddenTime, 0), EarlyTimeLawClaim.Experiment(ModelKind.Linear, EarlyTimeLawClaim.LinearTime, 0)],
                "5 seeds; the tokens that occur (40 keys, 4 anchors)"),
            "|slope - 1|, slope = sum(change_ij law_ij) / sum(law_ij^2) over the off-diagonal token pairs (change = W_E^T W_E(t) - W_E^T W_E(0)); mean over seeds",
            new Tolerance(Bound.AtMost, 0.5,
                "Limit 50% stated before measurement: the law is leading order in t and s, and one draw's cross terms have zero mean but not zero size. "
                + "First run at d = 64: the linear control came out at 0.41 of its exact law (Pearson 0.10), so that design could not test anything and its "
                + "verdict (INCONCLUSIVE, seeds disagreeing) was about the method; the width was raised to 1024, where the cross terms shrink as 1/sqrt(d), "
                + "the prediction unchanged. Measured (seeds 1-5) at d = 1024: |slope - 1| = 0.096, 0.157, 0.156, 0.135, 0.262 (mean slope 0.94, Pearson "
                + "with the law 0.52); linear control 0.97 of its law (Pearson 0.71)."),
            NetworkKit.Seeds),
            EarlyTimeLawClaim.Measure),
    ];
}
