using NUnit.Framework;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints.HuggingFace;

/// <summary>config.json of real Qwen2 releases maps onto <see cref="Qwen2Config"/>; what we cannot run is refused.</summary>
[TestFixture]
public sealed class Qwen2ConfigTests
{
    // The published Qwen/Qwen2.5-0.5B config.json, as on the Hugging Face hub.
    private const string Qwen25_05B = """
        {
          "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
          "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02,
          "intermediate_size": 4864, "max_position_embeddings": 32768, "max_window_layers": 24,
          "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
          "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
          "torch_dtype": "bfloat16", "transformers_version": "4.40.1", "use_cache": true, "use_mrope": false,
          "use_sliding_window": false, "vocab_size": 151936
        }
        """;

    private static string Folder(string json)
    {
        var dir = Path.Combine(Path.GetTempPath(), "probsig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), json);
        return dir;
    }

    [Test]
    public void ReadConfig_PublishedQwen25_05B_GivesThePresetShapes()
    {
        var config = Qwen2Checkpoint.ReadConfig(Folder(Qwen25_05B));
        // The file states initializer_range 0.02; the preset leaves it to the family default, the same 0.02.
        Assert.That(config with { DType = ScalarType.Float32, InitStd = null }, Is.EqualTo(Qwen2Config.Qwen25_05B));
        Assert.That(config.ResolveInit(), Is.EqualTo(Qwen2Config.Qwen25_05B.ResolveInit()));
        Assert.That(config.DType, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(config.ParameterCount(), Is.EqualTo(494_032_768));
        Assert.That(Qwen2Layout.Expected(config).Sum(e => e.Shape.Aggregate(1L, (a, b) => a * b)), Is.EqualTo(494_032_768));
    }

    [Test]
    public void ReadConfig_Transformers5RopeParameters_TakesThetaFromThem()
    {
        var json = Qwen25_05B.Replace("\"rope_theta\": 1000000.0,", "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 50000.0},");
        Assert.That(Qwen2Checkpoint.ReadConfig(Folder(json)).RopeTheta, Is.EqualTo(50000.0));
    }

    [Test]
    public void ReadConfig_MissingFields_TakeTransformersDefaults()
    {
        var config = Qwen2Checkpoint.ReadConfig(Folder("""{"model_type": "qwen2", "num_attention_heads": 8, "hidden_size": 256}"""));
        Assert.Multiple(() =>
        {
            Assert.That(config.NumKeyValueHeads, Is.EqualTo(8), "num_key_value_heads defaults to num_attention_heads");
            Assert.That(config.RopeTheta, Is.EqualTo(10000.0));
            Assert.That(config.TieWordEmbeddings, Is.False);
            Assert.That(config.VocabSize, Is.EqualTo(151936));
        });
    }

    [TestCase("\"rope_theta\": 1000000.0,", "\"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 2.0},", "rope_scaling")]
    [TestCase("\"use_sliding_window\": false", "\"use_sliding_window\": true", "use_sliding_window")]
    [TestCase("\"use_mrope\": false", "\"use_mrope\": true", "use_mrope")]
    [TestCase("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\"", "hidden_act is 'gelu'")]
    [TestCase("\"model_type\": \"qwen2\"", "\"model_type\": \"qwen3\"", "model_type is 'qwen3'")]
    [TestCase("\"num_hidden_layers\": 24", "\"num_hidden_layers\": 24.5", "num_hidden_layers is 24.5, not an integer")]
    [TestCase("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3", "NumKeyValueHeads")]
    [TestCase("\"hidden_size\": 896,", "\"hidden_size\": 896, \"head_dim\": 128,", "head_dim 128")]
    public void ReadConfig_UnsupportedOrWrongSetting_NamesTheField(string find, string replace, string mustContain)
    {
        var json = Qwen25_05B.Replace(find, replace);
        Assert.That(json, Is.Not.EqualTo(Qwen25_05B), "the test edits the config");
        var dir = Folder(json);
        var ex = Assert.Throws<CheckpointException>(() => Qwen2Checkpoint.ReadConfig(dir))!;
        Assert.That(ex.Message, Does.StartWith(Path.Combine(dir, "config.json")).And.Contain(mustContain));
    }
}
