return MlNetHpo.Cli.Cli.Run(args, Console.Out, Console.Error);
