using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Claims.Language;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// Issue 16, "`verify --scale paper` runs its code path in a CPU test": every paper-scale
/// claim, through the same claims, corpus state and trainer, with the paper preset (width
/// 512, 8 blocks) shrunk in everything but its shape (a few steps of short windows, a small
/// BPE, 64 compared tokens) on a tiny synthetic Pile file whose named subset trains and
/// whose other subset is the other genres' text. The figures mean nothing at this size;
/// what is checked is that the path runs end to end and judges every claim.
/// </summary>
[TestFixture]
public sealed class PaperScalePathTests
{
    private static readonly string[] Words =
        ["the", "a", "model", "token", "signature", "of", "and", "in", "data", "is", "to", "train", "embedding", "next", "word",
         "corpus", "with", "each", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "years", "page"];

    /// <summary>A Pile-format file: documents of two subsets, words drawn with a Zipf-like bias so frequencies differ.</summary>
    private static string WritePile(string folder)
    {
        var path = Path.Combine(folder, "tiny.jsonl");
        var rng = new Random(5);
        using var writer = new StreamWriter(path);
        for (int d = 0; d < 40; d++)
        {
            var words = Enumerable.Range(0, 160).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 2))]);
            string subset = d % 3 == 0 ? "Wikipedia (en)" : "Pile-CC";
            writer.WriteLine(JsonSerializer.Serialize(new { text = string.Join(' ', words) + ".", meta = new { pile_set_name = subset } }));
        }
        return path;
    }

    [Test]
    public void EveryPaperScaleClaim_RunsOnATinyPileFile_WithThePaperPresetShrunk()
    {
        var folder = Directory.CreateTempSubdirectory("probsig-paper-path-").FullName;
        try
        {
            var pile = new PileDescription(WritePile(folder), ["Pile-CC"]);
            var shrunk = LanguageModelScale.Paper with
            {
                Vocabulary = 320, TopTokens = 48, Steps = 4, BatchSize = 2, SequenceLength = 16, FrequencyStrata = 4, CurvePoints = 2, Corpus = pile,
            };
            var context = new ClaimContext(ClaimScale.Paper) { Corpus = pile, LanguageModels = shrunk };
            var claims = ClaimRegistry.All(ClaimScale.Paper);
            Assert.That(claims.Select(c => c.Definition.Id), Is.SupersetOf(new[] { "C9", "C10", "C11", "C12", "C13", "C14", "C20", "C21", "C22" }));
            var lm = new LanguageModelSetting(context);
            Assert.That(lm.Scale.Preset, Is.EqualTo("paper"));
            Assert.That(lm.Model(tied: false).Embedding.shape, Is.EqualTo(new long[] { 320, 512 }), "the paper preset's width");
            foreach (var claim in claims)
            {
                var result = ClaimRunner.Run(claim, context);
                TestContext.Out.WriteLine($"{claim.Definition.Id}: {Judgement.Name(result.Verdict)} ({result.Judgement.Reason}); {result.Finding}");
                Assert.That(result.PerSeed, Has.Count.EqualTo(claim.Definition.Seeds.Count), claim.Definition.Id);
            }
            Assert.That(lm.Corpus.OtherCounts.TokenCount, Is.GreaterThan(0), "the unnamed subset is the other genres' text");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
