using System.Security.Cryptography;
using NUnit.Framework;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// The bad-input suite (issue 13, item 7): for every verb, bad options, values and files,
/// each run in a work folder holding inputs and a user's file. Every case must end with
/// exit 2, a last line "probsig: ..." naming what is wrong (its key words), no
/// "unexpected error", and the work folder holding exactly the bytes it held before.
/// Placeholders: {w} the work folder, {corpus} a small text corpus, {vocab} a saved BPE,
/// {junk} a file of random bytes, {empty} an empty file, {model} a folder that is not a checkpoint.
/// </summary>
[TestFixture]
public sealed class BadInputSuiteTests
{
    private string work = "";

    [OneTimeSetUp]
    public void MakeWork()
    {
        work = CliRunner.TempFolder();
        var corpus = Path.Combine(work, "corpus");
        Directory.CreateDirectory(corpus);
        var rng = new Random(11);
        string[] words = ["the", "key", "anchor", "adds", "five", "label", "signature", "embedding", "12", "and"];
        var texts = Enumerable.Range(0, 6).Select(_ => string.Join(" ", Enumerable.Range(0, 120).Select(_ => words[rng.Next(words.Length)]))).ToArray();
        for (int d = 0; d < texts.Length; d++) File.WriteAllText(Path.Combine(corpus, $"d{d}.txt"), texts[d]);
        var tok = Path.Combine(work, "tok");
        Directory.CreateDirectory(tok);
        TokenizerFiles.Save(BpeTrainer.Train(texts, 280), tok);
        // Fixed junk, with line breaks and control bytes early on (a parser that quotes what it
        // read must not split the error line): random bytes made this test pass or fail by luck.
        var junk = new byte[4096];
        new Random(15).NextBytes(junk);
        "n\u00ff\n\r\u0007{"u8.ToArray().CopyTo(junk, 0);   // "n": the parser reads on, as for a literal null, and quotes it
        File.WriteAllBytes(Path.Combine(work, "junk.bin"), junk);
        File.WriteAllText(Path.Combine(work, "empty.txt"), "");
        File.WriteAllText(Path.Combine(work, "thesis.tex"), "a user's file");
        Directory.CreateDirectory(Path.Combine(work, "model"));
        File.WriteAllText(Path.Combine(work, "model", "notes.txt"), "not a checkpoint");
        File.WriteAllText(Path.Combine(work, "ids-bad.json"), "[1, 2, \"three\"");
        File.WriteAllText(Path.Combine(work, "junk.npy"), "a user's .npy");
    }

    [OneTimeTearDown]
    public void RemoveWork() => Directory.Delete(work, recursive: true);

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, string keyWords, string command) => new TestCaseData(command, keyWords).SetName(name);
        // predict
        yield return Case("Predict_NegativeWidth", "--width", "predict --width -1 --out {w}/p.json");
        yield return Case("Predict_NegativeTime", "--time", "predict --time -1 --out {w}/p.json");
        yield return Case("Predict_ZeroNumbers", "--numbers", "predict --numbers 0 --out {w}/p.json");
        yield return Case("Predict_FormatXml", "--format", "predict --format xml --out {w}/p.json");
        yield return Case("Predict_OutInMissingFolder", "does not exist", "predict --out {w}/missing/p.json");
        yield return Case("Predict_NpyWithoutOut", "--out", "predict --format npy");
        yield return Case("Predict_HugeNumbers", "--numbers", "predict --numbers 3000000 --keys 20..59 --out {w}/p.json");
        // signatures
        yield return Case("Signatures_DuplicateAnchors", "anchor", "signatures --anchors 5,5 --out {w}/s.json");
        yield return Case("Signatures_ZeroSamples", "--samples", "signatures --samples 0 --out {w}/s.json");
        yield return Case("Signatures_UnknownFeatures", "--features", "signatures --features bigrams --out {w}/s.json");
        yield return Case("Signatures_NpyFolderWithoutOut", "--out", "signatures --format npy");
        yield return Case("Signatures_IntoTheWorkFolder", "did not write", "signatures --format npy --out {w}");
        yield return Case("Signatures_OutIsAFile", "is a file", "signatures --format csv --out {w}/thesis.tex");
        // train
        yield return Case("Train_UnknownModel", "--model", "train --model cnn --out {w}/t");
        yield return Case("Train_UnknownActivation", "--activation", "train --model ffn --activation swish --out {w}/t");
        yield return Case("Train_UnknownOptimizer", "--optimizer", "train --optimizer rmsprop --out {w}/t");
        yield return Case("Train_NegativeLr", "--lr", "train --lr -1 --out {w}/t");
        yield return Case("Train_ZeroSteps", "--steps", "train --steps 0 --out {w}/t");
        yield return Case("Train_Float16", "--dtype", "train --dtype float16 --out {w}/t");
        yield return Case("Train_UnknownDevice", "--device", "train --device tpu --out {w}/t");
        yield return Case("Train_SgdWithoutBatch", "--batch-size", "train --optimizer sgd --out {w}/t");
        yield return Case("Train_NoOut", "--out", "train --steps 2");
        yield return Case("Train_IntoTheWorkFolder", "did not write", "train --steps 2 --out {w}");
        // verify
        yield return Case("Verify_UnknownScale", "--scale", "verify --scale huge --out {w}/r");
        yield return Case("Verify_UnknownClaim", "C99", "verify --only C99 --out {w}/r");
        yield return Case("Verify_UnknownDevice", "--device", "verify --device tpu --out {w}/r");
        yield return Case("Verify_OutIsAFile", "is a file", "verify --only C3 --out {w}/thesis.tex");
        yield return Case("Verify_IntoTheWorkFolder", "did not write", "verify --only C3 --out {w}");
        // lm tokenize
        yield return Case("Tokenize_MissingTokenizer", "--tokenizer", "lm tokenize --tokenizer {w}/none.json --in {corpus}/d0.txt --out {w}/ids.json");
        yield return Case("Tokenize_MissingInput", "--in", "lm tokenize --tokenizer {vocab} --in {w}/none.txt --out {w}/ids.json");
        yield return Case("Tokenize_BadExtension", "--out", "lm tokenize --tokenizer {vocab} --in {corpus}/d0.txt --out {w}/ids.txt");
        yield return Case("Tokenize_TrainedBpe", "takes none", "lm tokenize --tokenizer bpe:300 --in {corpus}/d0.txt --out {w}/ids.json");
        yield return Case("Tokenize_JunkTokenizer", "--tokenizer", "lm tokenize --tokenizer {junk} --in {corpus}/d0.txt --out {w}/ids.json");
        // lm signatures
        yield return Case("LmSignatures_NoCorpusNorCounts", "--corpus", "lm signatures --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_CorpusAndCounts", "exactly one", "lm signatures --corpus {corpus} --counts {junk} --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_TopOne", "--top", "lm signatures --corpus {corpus} --tokenizer {vocab} --top 1 --out {w}/ls");
        yield return Case("LmSignatures_WindowZero", "--window", "lm signatures --corpus {corpus} --tokenizer {vocab} --window 0 --out {w}/ls");
        yield return Case("LmSignatures_BadWeights", "--weights", "lm signatures --corpus {corpus} --tokenizer {vocab} --window 2 --weights triangular --out {w}/ls");
        yield return Case("LmSignatures_BadShard", "--shard", "lm signatures --corpus {corpus} --tokenizer {vocab} --shard 3/2 --out {w}/ls");
        yield return Case("LmSignatures_NegativePpmiRank", "--ppmi-rank", "lm signatures --corpus {corpus} --tokenizer {vocab} --ppmi-rank -1 --out {w}/ls");
        yield return Case("LmSignatures_MissingCounts", "--counts", "lm signatures --counts {w}/none.pscounts --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_JunkCounts", "junk.bin", "lm signatures --counts {junk} --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_MissingCorpus", "--corpus", "lm signatures --corpus {w}/nowhere --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_TinyBpe", "--tokenizer", "lm signatures --corpus {corpus} --tokenizer bpe:12 --out {w}/ls");
        yield return Case("LmSignatures_EmptyCorpus", "holds no tokens", "lm signatures --corpus {empty} --tokenizer {vocab} --out {w}/ls");
        yield return Case("LmSignatures_OutHoldsItsInput", "an input of this run", "lm signatures --corpus {corpus}/d0.txt --tokenizer {vocab} --out {corpus}");
        yield return Case("LmSignatures_MergeMissingFile", "no such file", "lm signatures merge {w}/none.pscounts --out {w}/m.pscounts");
        yield return Case("LmSignatures_MergeJunk", "junk.bin", "lm signatures merge {junk} --out {w}/m.pscounts");
        // lm compare
        yield return Case("LmCompare_MissingCheckpoint", "--checkpoint", "lm compare --checkpoint {w}/none --corpus {corpus} --tokenizer {vocab}");
        yield return Case("LmCompare_NotACheckpoint", "--checkpoint", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab}");
        yield return Case("LmCompare_TopTwo", "--top", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab} --top 2");
        yield return Case("LmCompare_WindowZero", "--window", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab} --window 0");
        yield return Case("LmCompare_ZeroPermutations", "--permutations", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab} --permutations 0");
        yield return Case("LmCompare_NegativeKendall", "--kendall-permutations", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab} --kendall-permutations -1");
        yield return Case("LmCompare_OutIntoTheCheckpoint", "an input of this run", "lm compare --checkpoint {model} --corpus {corpus} --tokenizer {vocab} --out {model}");
        // lm logits
        yield return Case("LmLogits_MissingCheckpoint", "--checkpoint", "lm logits --checkpoint {w}/none --ids {w}/ids-bad.json --out {w}/l.npy");
        yield return Case("LmLogits_NotACheckpoint", "--checkpoint", "lm logits --checkpoint {model} --ids {w}/ids-bad.json --out {w}/l.npy");
        // lm train
        yield return Case("LmTrain_UnknownPreset", "--preset", "lm train --corpus {corpus} --tokenizer {vocab} --preset huge --out {w}/lt");
        yield return Case("LmTrain_TiedAndUntied", "--tied", "lm train --corpus {corpus} --tokenizer {vocab} --tied --untied --out {w}/lt");
        yield return Case("LmTrain_ZeroInitStd", "--init-std", "lm train --corpus {corpus} --tokenizer {vocab} --init-std 0 --out {w}/lt");
        yield return Case("LmTrain_StdAndGamma", "--gamma", "lm train --corpus {corpus} --tokenizer {vocab} --init-std 0.02 --gamma 0.5 --out {w}/lt");
        yield return Case("LmTrain_ZeroThreads", "--threads", "lm train --corpus {corpus} --tokenizer {vocab} --threads 0 --out {w}/lt");
        yield return Case("LmTrain_TooManyThreads", "--threads", "lm train --corpus {corpus} --tokenizer {vocab} --threads 100000 --out {w}/lt");
        yield return Case("LmTrain_Bfloat16OnCpu", "--dtype", "lm train --corpus {corpus} --tokenizer {vocab} --dtype bfloat16 --out {w}/lt");
        yield return Case("LmTrain_ResumeWithoutCheckpoint", "--resume", "lm train --corpus {corpus} --tokenizer {vocab} --resume --out {w}/lt");
        yield return Case("LmTrain_ZeroBatch", "--batch", "lm train --corpus {corpus} --tokenizer {vocab} --batch 0 --out {w}/lt");
        yield return Case("LmTrain_SeqBeyondPositions", "--seq", "lm train --corpus {corpus} --tokenizer {vocab} --seq 5000 --out {w}/lt");
        yield return Case("LmTrain_SeqBeyondEveryDocument", "--seq", "lm train --corpus {corpus} --tokenizer {vocab} --seq 1000 --steps 2 --out {w}/lt");
        yield return Case("LmTrain_MissingCorpus", "--corpus", "lm train --corpus {w}/nowhere --tokenizer {vocab} --out {w}/lt");
        yield return Case("LmTrain_IntoAFolderOfFiles", "--out", "lm train --corpus {corpus} --tokenizer {vocab} --steps 2 --out {model}");
        // single output files: a user's file is never replaced without --overwrite
        yield return Case("Predict_OverAUsersFile", "exists", "predict --out {w}/thesis.tex");
        yield return Case("Signatures_JsonOverAUsersFile", "exists", "signatures --out {w}/thesis.tex");
        yield return Case("Tokenize_OverAUsersFile", "exists", "lm tokenize --tokenizer {vocab} --in {corpus}/d0.txt --out {w}/ids-bad.json");
        yield return Case("Tokenize_OverItsInput", "an input of this run", "lm tokenize --tokenizer {vocab} --in {w}/ids-bad.json --out {w}/ids-bad.json");
        yield return Case("LmLogits_OverAUsersFile", "exists", "lm logits --checkpoint {model} --ids {w}/ids-bad.json --out {w}/junk.npy");
        yield return Case("LmSignatures_MergeIntoItsInput", "an input of this run", "lm signatures merge {junk} --out {junk}");
        // the root
        yield return Case("Root_UnknownVerb", "frobnicate", "frobnicate");
        yield return Case("Root_NoVerb", "verbs are", "");
        yield return Case("Lm_UnknownSubverb", "verbs are: tokenize", "lm embed --corpus {corpus}");
    }

    [TestCaseSource(nameof(Cases))]
    public void BadInput_ExitTwo_NamesIt_AndTheFolderIsAsItWas(string command, string keyWords)
    {
        var text = command.Replace("{w}", work).Replace("{corpus}", Path.Combine(work, "corpus")).Replace("{vocab}", Path.Combine(work, "tok", "vocab.json"))
            .Replace("{junk}", Path.Combine(work, "junk.bin")).Replace("{empty}", Path.Combine(work, "empty.txt")).Replace("{model}", Path.Combine(work, "model"));
        var args = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var before = FolderContents.Of(work);
        var run = CliRunner.Run(args);
        TestContext.Out.WriteLine(run.StdErr);
        var last = run.StdErr.TrimEnd('\n').Split('\n')[^1];
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(last, Does.StartWith("probsig: ").And.Contain(keyWords).IgnoreCase);
            Assert.That(run.StdErr, Does.Not.Contain("unexpected error").And.Not.Contain("   at "));
            Assert.That(FolderContents.Of(work), Is.EqualTo(before), "the work folder changed");
        });
    }
}
