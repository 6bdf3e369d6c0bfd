using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MlNetHpo.Benchmarks")]
