"""Writes articles.jsonl and questions.jsonl: six short news stories written for this
project (no third-party text), with five questions each, in the ../shared/eval format."""

import json
from pathlib import Path

ARTICLES = [
    {"id": "tram-extension", "title": "Council approves Riverton tram extension after five-hour debate",
     "source": "Riverton Gazette", "published": "2024-03-12",
     "text": "Council approves Riverton tram extension after five-hour debate\n\n"
             "Riverton city council voted 31 to 12 on Monday night to extend the Line 4 tram by 6.5 kilometres to "
             "the northern suburb of Hollins Park, ending a dispute that has run for nearly three years.\n\n"
             "The extension will cost an estimated 410 million euros, of which the national transport fund will "
             "pay 60 percent, said deputy mayor Ingrid Vassel, who is responsible for transport.\n\n"
             "“This line connects 40,000 people to the centre without a car,” Vassel told councillors. Opponents, "
             "led by councillor Marek Dobos, argued that the money would be better spent on buses and warned that "
             "construction would close Kestrel Street for two years.\n\n"
             "Construction is due to start in September 2025, and the first trams should run in late 2028. "
             "Shopkeepers on Kestrel Street will be offered compensation of up to 15,000 euros each."},
    {"id": "wheat-drought", "title": "Drought cuts Valdera wheat harvest by a third",
     "source": "Plains Ledger", "published": "2024-07-03",
     "text": "Drought cuts Valdera wheat harvest by a third\n\n"
             "Farmers in the Valdera region expect to harvest about 1.2 million tonnes of wheat this year, a third "
             "less than in 2023, after the driest spring since records began in 1951, the regional farmers' union "
             "said on Wednesday.\n\n"
             "Rainfall between March and June was 38 millimetres, against an average of 140, according to the "
             "national weather office.\n\n"
             "Union president Agnes Corbel said many smaller farms would not survive without help. “Some families "
             "have farmed here for four generations and they are talking about selling,” she said.\n\n"
             "The agriculture ministry announced an emergency fund of 75 million euros and said farmers could delay "
             "tax payments until March next year. Bread prices in the region have risen 9 percent since May."},
    {"id": "battery-recall", "title": "Voltra recalls 84,000 e-bike batteries over fire risk",
     "source": "Consumer Wire", "published": "2024-10-21",
     "text": "Voltra recalls 84,000 e-bike batteries over fire risk\n\n"
             "The e-bike maker Voltra is recalling 84,000 batteries sold between January 2022 and June 2024 after "
             "reports that some overheated while charging, the company said on Monday.\n\n"
             "Seventeen fires have been linked to the batteries, two of which damaged homes, according to the "
             "national product safety agency. No one was injured.\n\n"
             "Chief executive Lena Strauss said a faulty cell supplied by a subcontractor was to blame. “We are "
             "sorry, and we will replace every affected battery free of charge,” she said.\n\n"
             "Owners can check the serial number on Voltra's website. Affected batteries carry serial numbers "
             "beginning with VB7. Replacements will be shipped from November."},
    {"id": "hospital-strike", "title": "Nurses end strike at St Aubin hospitals after pay deal",
     "source": "Northern Herald", "published": "2025-02-08",
     "text": "Nurses end strike at St Aubin hospitals after pay deal\n\n"
             "Nurses at the three public hospitals in St Aubin returned to work on Saturday after their union "
             "accepted a pay rise of 7.5 percent over two years, ending a strike that lasted eleven days.\n\n"
             "About 2,300 nurses had walked out over pay and staffing. During the strike, 1,400 planned operations "
             "were postponed, the hospital trust said.\n\n"
             "Union negotiator Paul Ekwueme said members voted 82 percent in favour of the deal, which also "
             "promises 150 new nursing posts by the end of the year.\n\n"
             "Health minister Clara Montfort said the agreement was fair but warned that the money would have to "
             "come from savings elsewhere in the health budget."},
    {"id": "museum-return", "title": "National Museum returns 23 bronze figures to Benara",
     "source": "Arts Daily", "published": "2025-05-19",
     "text": "National Museum returns 23 bronze figures to Benara\n\n"
             "The National Museum handed 23 bronze figures back to the government of Benara at a ceremony on "
             "Friday, more than 130 years after they were taken by a military expedition in 1893.\n\n"
             "Museum director Hugo Lindqvist said the return followed four years of research into how the figures "
             "had entered the collection. “There is no doubt they were looted,” he said.\n\n"
             "Benara's culture minister, Ama Oduya, said the figures would go on display in a new museum in the "
             "capital, Kessa, which is due to open in 2026.\n\n"
             "The museum still holds about 400 other objects from Benara, and talks on their future will continue "
             "next year."},
    {"id": "ferry-storm", "title": "Storm Imke halts island ferries for a third day",
     "source": "Coastal Times", "published": "2025-11-04",
     "text": "Storm Imke halts island ferries for a third day\n\n"
             "Ferry services to the Skarn islands were cancelled for a third day on Tuesday as Storm Imke brought "
             "winds of up to 130 kilometres an hour, the operator Nordlink said.\n\n"
             "About 600 travellers are stranded on the mainland, and the islands' only supermarket has run short "
             "of fresh milk and bread, island council leader Jonas Brekke said.\n\n"
             "A navy vessel delivered medical supplies to the islands' health centre on Monday evening.\n\n"
             "Nordlink expects to restart sailings on Thursday morning if the wind drops below 60 kilometres an hour, "
             "a spokeswoman said."},
]

QUESTIONS = [
    ("tram-extension", "How many councillors voted for the tram extension?", ["31"]),
    ("tram-extension", "How much will the tram extension cost?", ["410 million euros"]),
    ("tram-extension", "Who led the opposition to the tram line?", ["Marek Dobos"]),
    ("tram-extension", "When should the first trams run to Hollins Park?", ["late 2028"]),
    ("tram-extension", "How much compensation will Kestrel Street shopkeepers get?", ["15,000 euros"]),
    ("wheat-drought", "How much wheat do Valdera farmers expect to harvest?", ["1.2 million tonnes"]),
    ("wheat-drought", "How much rain fell between March and June?", ["38 millimetres"]),
    ("wheat-drought", "Who is the president of the farmers' union?", ["Agnes Corbel"]),
    ("wheat-drought", "How big is the emergency fund for farmers?", ["75 million euros"]),
    ("wheat-drought", "By how much have bread prices risen?", ["9 percent"]),
    ("battery-recall", "How many batteries is Voltra recalling?", ["84,000"]),
    ("battery-recall", "How many fires have been linked to the batteries?", ["Seventeen"]),
    ("battery-recall", "What did Voltra blame for the overheating?", ["a faulty cell"]),
    ("battery-recall", "Who is Voltra's chief executive?", ["Lena Strauss"]),
    ("battery-recall", "What do the serial numbers of affected batteries begin with?", ["VB7"]),
    ("hospital-strike", "What pay rise did the nurses accept?", ["7.5 percent"]),
    ("hospital-strike", "How long did the nurses' strike last?", ["eleven days"]),
    ("hospital-strike", "How many operations were postponed during the strike?", ["1,400"]),
    ("hospital-strike", "What share of union members voted for the deal?", ["82 percent"]),
    ("hospital-strike", "Who warned that the money would have to come from savings?", ["Clara Montfort"]),
    ("museum-return", "How many bronze figures did the National Museum return?", ["23"]),
    ("museum-return", "When were the bronze figures taken from Benara?", ["1893"]),
    ("museum-return", "Who is the director of the National Museum?", ["Hugo Lindqvist"]),
    ("museum-return", "Where will the returned figures be displayed?", ["Kessa", "a new museum"]),
    ("museum-return", "How many other objects from Benara does the museum still hold?", ["400"]),
    ("ferry-storm", "Which storm halted the ferries to the Skarn islands?", ["Storm Imke", "Imke"]),
    ("ferry-storm", "How many travellers are stranded on the mainland?", ["600"]),
    ("ferry-storm", "What did the navy vessel deliver?", ["medical supplies"]),
    ("ferry-storm", "Who is the island council leader?", ["Jonas Brekke"]),
    ("ferry-storm", "When does Nordlink expect to restart sailings?", ["Thursday morning"]),
]

if __name__ == "__main__":
    here = Path(__file__).parent
    with (here / "articles.jsonl").open("w") as f:
        for article in ARTICLES:
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    with (here / "questions.jsonl").open("w") as f:
        for i, (article_id, question, answers) in enumerate(QUESTIONS):
            f.write(json.dumps({"id": f"news-{i:02d}", "question": question, "answers": answers,
                                "article_id": article_id, "is_impossible": False}, ensure_ascii=False) + "\n")
