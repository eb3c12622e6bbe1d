# R jsonlite over newsfx output, as an R user loads it; prints one JSON document of what it read,
# for tests/clients/r_jsonlite.py to check.   Rscript r_jsonlite.R EVENTS.jsonl MENTIONS.jsonl
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
ev <- stream_in(file(args[1]), verbose = FALSE)
men <- stream_in(file(args[2]), verbose = FALSE)
flat <- flatten(ev)
dates <- as.Date(ev$doc_date)
acq <- ev$roles$acquirer
fill <- do.call(rbind, lapply(seq_along(acq), function(i)
  if (is.data.frame(acq[[i]]) && nrow(acq[[i]])) data.frame(event_id = ev$event_id[i], name = acq[[i]]$name)))
out <- list(
  r = R.version.string, jsonlite = as.character(packageVersion("jsonlite")),
  classes = lapply(list(event_id = ev$event_id, doc_id = ev$doc_id, doc_date = dates, type = ev$type,
                        sentence = ev$sentence, amount_value = flat$amount.value,
                        change_value = flat$change.value, mention_value = men$value), function(x) class(x)[1]),
  event_id = ev$event_id, doc_id = ev$doc_id,
  doc_date = ifelse(is.na(dates), NA, format(dates, "%Y-%m-%d")),
  # 17 significant digits: the double itself, for an exact comparison
  amount = ifelse(is.na(flat$amount.value), NA, sprintf("%.17g", flat$amount.value)),
  change = ifelse(is.na(flat$change.value), NA, sprintf("%.17g", flat$change.value)),
  mention = ifelse(is.na(men$value), NA, sprintf("%.17g", men$value)),
  by_type = as.list(table(ev$type)),
  acquirers = fill)
cat(toJSON(out, auto_unbox = TRUE, na = "null", digits = NA), "\n")
