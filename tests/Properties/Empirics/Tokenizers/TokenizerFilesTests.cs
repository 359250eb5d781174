using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Tokenizers;

[TestFixture]
public sealed class TokenizerFilesTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "probsig-tokfiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static ByteLevelBpeTokenizer Small() => BpeTrainer.Train(BpeTrainerTests.SyntheticCorpus(300, 7), 300);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertRejected(string path, string expectedFile, string problem)
    {
        var e = Assert.Throws<TokenizerFileException>(() => TokenizerFiles.Load(path));
        Assert.That(e!.Message, Does.StartWith(expectedFile + ":"));
        Assert.That(e.Message, Does.Contain(problem));
    }

    [Test]
    public void Load_TokenizerJson_EncodesLikeVocabAndMerges()
    {
        var trained = Small();
        // The same tokenizer as Hugging Face's tokenizer.json (merges as "a b" strings).
        var json = new
        {
            added_tokens = new[] { new { id = trained.VocabularySize, content = "<|end|>" } },
            normalizer = new { type = "NFC" },
            pre_tokenizer = new { type = "Sequence", pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = PreTokenization.Qwen }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
            } },
            model = new { type = "BPE", vocab = trained.Vocabulary, merges = trained.Merges.Select(m => m.Left + " " + m.Right) },
        };
        var path = Write("tokenizer.json", JsonSerializer.Serialize(json));
        var loaded = TokenizerFiles.Load(path);
        const string text = "the café was 42 years old<|end|> and naïve";
        var ids = loaded.Encode(text);
        Assert.That(ids[..^ (loaded.Encode(" and naïve").Length + 1)], Is.EqualTo(trained.Encode("the café was 42 years old")));
        Assert.That(ids, Does.Contain(trained.VocabularySize));
        Assert.That(loaded.Decode(ids), Is.EqualTo(text));
    }

    [Test]
    public void Load_RejectsAMissingPath() =>
        AssertRejected(Path.Combine(_folder, "nothing.json"), Path.Combine(_folder, "nothing.json"), "no such file");

    [Test]
    public void Load_RejectsAFolderWithoutTokenizerFiles() => AssertRejected(_folder, _folder, "neither tokenizer.json nor vocab.json");

    [Test]
    public void Load_RejectsInvalidJson() =>
        AssertRejected(Write("tokenizer.json", "{\"model\": {"), Path.Combine(_folder, "tokenizer.json"), "not valid JSON");

    [Test]
    public void Load_RejectsANonBpeModel() =>
        AssertRejected(Write("t.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}"), Path.Combine(_folder, "t.json"), "only byte-level BPE");

    [Test]
    public void Load_RejectsMergesWithoutVocab()
    {
        TokenizerFiles.Save(Small(), _folder);
        File.Delete(Path.Combine(_folder, "merges.txt"));
        AssertRejected(Path.Combine(_folder, "vocab.json"), Path.Combine(_folder, "merges.txt"), "no such file");
    }

    [Test]
    public void Load_RejectsAMalformedMergeLineWithItsNumber()
    {
        TokenizerFiles.Save(Small(), _folder);
        var merges = Path.Combine(_folder, "merges.txt");
        File.AppendAllText(merges, "onlyonetoken\n");
        int line = File.ReadAllLines(merges).Length;
        AssertRejected(_folder, merges, $"line {line} 'onlyonetoken' is not two tokens");
    }

    [Test]
    public void Load_RejectsAMergeOutsideTheVocabulary()
    {
        TokenizerFiles.Save(Small(), _folder);
        File.AppendAllText(Path.Combine(_folder, "merges.txt"), "zq qz\n");
        AssertRejected(_folder, Path.Combine(_folder, "merges.txt"), "'zq qz' uses or makes a token that is not in the vocabulary");
    }

    [Test]
    public void Load_RejectsAVocabularyThatIsNotByteLevel()
    {
        Write("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Write("merges.txt", "a b\n");
        AssertRejected(_folder, Path.Combine(_folder, "vocab.json"), "not a byte-level BPE");
    }

    [Test]
    public void Load_RejectsANonIntegerId()
    {
        Write("vocab.json", "{\"a\": \"zero\"}");
        Write("merges.txt", "");
        AssertRejected(_folder, Path.Combine(_folder, "vocab.json"), "not a non-negative integer");
    }

    [Test]
    public void Load_RejectsDuplicateIds()
    {
        TokenizerFiles.Save(Small(), _folder);
        var vocab = Path.Combine(_folder, "vocab.json");
        File.WriteAllText(vocab, File.ReadAllText(vocab).TrimEnd().TrimEnd('}') + ",\"extra\":5}");
        // The vocabulary's problem names vocab.json (it named merges.txt before).
        AssertRejected(_folder, Path.Combine(_folder, "vocab.json"), "id 5 is given to more than one token");
    }
}
