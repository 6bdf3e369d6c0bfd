System.Console.WriteLine("Titanic sample: coming with the search core.");
