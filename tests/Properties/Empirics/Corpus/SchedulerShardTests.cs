using NUnit.Framework;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Theory.Corpus;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

/// <summary>`--shard auto` under the two schedulers' environment variables: the part each
/// task gets, that the tasks of one array partition the documents, and errors naming the variable.</summary>
[TestFixture]
public sealed class SchedulerShardTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [TestCase("3", "8", null, null, null, 3, 8)]          // sbatch --array=0-7 (Slurm sets the count)
    [TestCase("1", null, "1", "16", null, 0, 16)]          // --array=1-16, an older Slurm without the count
    [TestCase("16", null, "1", "16", null, 15, 16)]
    [TestCase("4", "16", "0", "30", "2", 2, 16)]          // --array=0-30:2
    public void Slurm_ArrayTask_IsItsPlaceInTheArray(string id, string? count, string? min, string? max, string? step, int index, int n)
    {
        var vars = new List<(string, string)> { ("SLURM_ARRAY_TASK_ID", id) };
        if (count is not null) vars.Add(("SLURM_ARRAY_TASK_COUNT", count));
        if (min is not null) vars.Add(("SLURM_ARRAY_TASK_MIN", min));
        if (max is not null) vars.Add(("SLURM_ARRAY_TASK_MAX", max));
        if (step is not null) vars.Add(("SLURM_ARRAY_TASK_STEP", step));
        var (shard, source) = SchedulerShard.FromEnvironment(Env([.. vars]));
        Assert.That(shard, Is.EqualTo(new ShardSelector(index, n)));
        Assert.That(source, Does.StartWith("Slurm array task " + id));
    }

    [Test]
    public void Kubernetes_IndexedJob_IsItsCompletionIndex()
    {
        var (shard, source) = SchedulerShard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", "5"), ("JOB_COMPLETIONS", "12")));
        Assert.That(shard, Is.EqualTo(new ShardSelector(5, 12)));
        Assert.That(source, Is.EqualTo("Kubernetes Indexed Job completion 5 of 12"));
    }

    [Test]
    public void EveryTaskOfAnArray_TogetherCountEachDocumentOnce([Values(1, 2, 5, 16)] int n, [Values(0, 1)] int min, [Values(1, 3)] int step)
    {
        var shards = Enumerable.Range(0, n).Select(t => SchedulerShard.FromEnvironment(Env(
            ("SLURM_ARRAY_TASK_ID", (min + t * step).ToString()), ("SLURM_ARRAY_TASK_MIN", min.ToString()),
            ("SLURM_ARRAY_TASK_MAX", (min + (n - 1) * step).ToString()), ("SLURM_ARRAY_TASK_STEP", step.ToString()))).Shard).ToArray();
        for (long position = 0; position < 200; position++)
            Assert.That(shards.Count(s => s.Selects(position)), Is.EqualTo(1), $"document {position}");
        var k8s = Enumerable.Range(0, n).Select(i => SchedulerShard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", i.ToString()), ("JOB_COMPLETIONS", n.ToString()))).Shard);
        Assert.That(k8s, Is.EqualTo(shards), "the same parts under either scheduler");
    }

    [TestCase(new string[0], "neither a Slurm array task")]
    [TestCase(new[] { "SLURM_ARRAY_TASK_ID=1", "JOB_COMPLETION_INDEX=1" }, "both SLURM_ARRAY_TASK_ID (1) and JOB_COMPLETION_INDEX (1)")]
    [TestCase(new[] { "SLURM_ARRAY_TASK_ID=x1" }, "SLURM_ARRAY_TASK_ID is 'x1', not a whole number")]
    [TestCase(new[] { "SLURM_ARRAY_TASK_ID=2" }, "neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX")]
    [TestCase(new[] { "SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=8", "SLURM_ARRAY_TASK_STEP=2" }, "is not in the array 0-8:2")]
    [TestCase(new[] { "SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_COUNT=3" }, "an array with gaps")]
    [TestCase(new[] { "JOB_COMPLETION_INDEX=2" }, "JOB_COMPLETIONS is not")]
    [TestCase(new[] { "JOB_COMPLETION_INDEX=4", "JOB_COMPLETIONS=4" }, "is not below JOB_COMPLETIONS 4")]
    public void Inconsistent_NamesTheVariable(string[] vars, string expected)
    {
        var env = Env([.. vars.Select(v => (v.Split('=')[0], v.Split('=')[1]))]);
        var e = Assert.Throws<FormatException>(() => SchedulerShard.FromEnvironment(env));
        Assert.That(e!.Message, Does.Contain(expected));
    }
}
