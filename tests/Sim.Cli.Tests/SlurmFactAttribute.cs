namespace Sim.Cli.Tests;

/// <summary>
/// A test that needs a running Slurm cluster: skipped, with the reason, unless <c>SIM_SLURM_CONF</c> names the
/// cluster's slurm.conf (<c>deploy/slurm/local-cluster.sh start DIR</c> starts one on localhost and prints it;
/// <c>.ci/run</c> does that and runs the tests of trait <c>Category=Slurm</c>).
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>The variable that names the cluster's slurm.conf.</summary>
    public const string Variable = "SIM_SLURM_CONF";

    public SlurmFactAttribute()
    {
        // Set but wrong (not a file, cluster down) is a failure of the test, not a skip: someone meant to run it.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"no Slurm cluster: {Variable} is not set (deploy/slurm/local-cluster.sh start DIR starts one on localhost; then {Variable}=DIR/slurm.conf)";
    }
}
