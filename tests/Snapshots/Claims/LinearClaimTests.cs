using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>Claims C1 to C5 (the linear model on the default task) at CPU scale. The
/// trained runs are shared: C2 to C5 reuse the same eta = 2 runs through one context.</summary>
[TestFixture]
public sealed class LinearClaimTests
{
    /// <summary>Prints the claim's wall-clock time (training included for the first claim
    /// that needs a run), then asserts its figure lies inside its tolerance.</summary>
    private static void Holds(string id)
    {
        var result = ClaimRuns.Get(id);
        TestContext.Out.WriteLine($"{id} elapsed: {result.Elapsed.TotalSeconds:F1} s");
        ClaimRuns.AssertExpectedVerdict(id);
    }

    [Test]
    public void C1_ClosedForm_PredictsEmbeddingCosinesNearTStar() => Holds("C1");

    [Test]
    public void C2_TrainedLinearModel_FollowsLabelSignatures() => Holds("C2");

    [Test]
    public void C3_KeyEmbeddings_AreOrderedAlongPc1() => Holds("C3");

    [Test]
    public void C4_KeyCosines_RepeatTheSignatureFingerprint() => Holds("C4");

    [Test]
    public void C5_OutputVectors_FollowOutputSideSignatures() => Holds("C5");

    [Test]
    public void C15_UnseenTokens_KeepTheirInitialEmbedding() => Holds("C15");

    [Test]
    public void C16_Embeddings_CondenseOntoV1NearTStar() => Holds("C16");

    [Test]
    public void C17_QuadraticApproximation_AgainstTheLabelSignature() => Holds("C17");

    [Test]
    public void C18_BeyondValueDistance_QuadraticApproximationExplainsMore() => Holds("C18");
}
