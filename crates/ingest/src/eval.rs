//! `ingest eval-segmenter`: word-level precision, recall and F1 against a CoNLL-U treebank.

use anyhow::{Context, Result};
use ingest_tokenize::eval::{self, Mode};

use crate::Status;
use crate::cli::EvalArgs;

pub fn run(args: &EvalArgs) -> Result<Status> {
    let text =
        std::fs::read_to_string(&args.conllu).with_context(|| format!("cannot read {}", args.conllu.display()))?;
    let sentences = eval::parse_conllu(&text);
    #[allow(clippy::print_stdout)]
    {
        println!(
            "{:<10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "input", "sentences", "gold", "predicted", "correct", "P", "R", "F1"
        );
    }
    let mut tokenized_f1 = 0.0;
    for (name, mode) in [("tokenized", Mode::Tokenized), ("raw", Mode::Raw)] {
        let s = eval::evaluate(&sentences, mode);
        if mode == Mode::Tokenized {
            tokenized_f1 = s.f1();
        }
        #[allow(clippy::print_stdout)]
        {
            println!(
                "{name:<10} {:>9} {:>9} {:>9} {:>9} {:>9.2} {:>9.2} {:>9.2}",
                s.sentences,
                s.gold,
                s.predicted,
                s.correct,
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1()
            );
        }
        if s.mismatched > 0 {
            tracing::info!("{name}: {} sentences whose characters differ from the gold words", s.mismatched);
        }
    }
    Ok(match args.min_f1 {
        Some(min) if tokenized_f1 < min => {
            tracing::error!("F1 {:.4} is below the floor {min}", tokenized_f1);
            Status::InputErrors
        }
        _ => Status::Success,
    })
}
