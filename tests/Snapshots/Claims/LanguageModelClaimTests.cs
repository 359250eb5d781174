using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>One test per language-model claim (C9 to C14). The corpus, the tokenizer and the
/// two models (untied and tied) are built once per process and shared through
/// <see cref="ClaimRuns"/>; the first test to run pays for them.</summary>
[TestFixture]
public sealed class LanguageModelClaimTests
{
    [Test]
    public void C9_EmbeddingsFollowNextTokenSignatures() => ClaimRuns.AssertHolds("C9");

    [Test]
    public void C10_UnembeddingsFollowPreviousTokenSignatures() => ClaimRuns.AssertHolds("C10");

    [Test]
    public void C11_DigitEmbeddingOrder() => ClaimRuns.AssertHolds("C11");

    [Test]
    public void C12_OwnGenreSignaturesPredictBetter() => ClaimRuns.AssertHolds("C12");

    [Test]
    public void C13_TiedEmbeddingFollowsNextAndPreviousTogether() => ClaimRuns.AssertHolds("C13");

    [Test]
    public void C14_SignatureAgainstPpmiSvdRival() => ClaimRuns.AssertHolds("C14");
}
