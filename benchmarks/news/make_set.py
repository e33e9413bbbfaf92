"""Writes articles.jsonl, questions.jsonl and offtopic.jsonl, the small news set in the
../shared/eval format.  All text was written for this project (no third-party text); the
places, people and organisations are fictional.

- 23 articles: six short stories (the first set) and 17 longer ones written like real news
  (8 to 14 paragraphs, quotes, figures, background, sentences that share a question's words
  without answering it).  Three have no date (published is null).
- 102 answerable questions, each answer an exact substring of its article's text.
- 20 unanswerable questions (is_impossible, no answers): about an article's topic, but no
  article in the set gives the answer.
- offtopic.jsonl: 30 questions that neither this set nor seeds/ covers.

Run ``python benchmarks/news/make_set.py``; the output depends only on this file.
"""

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


def _story(id, title, source, published, paragraphs):
    """An article record: the title line, then the paragraphs, separated by blank lines."""
    return {"id": id, "title": title, "source": source, "published": published,
            "text": "\n\n".join([title, *paragraphs])}


# Longer stories, closer to real news: quotes, several people and organisations, background
# paragraphs, and sentences that share a question's words without answering it.  Three
# (sponge-species, harrow-prize, karst-wolves) carry no date: their published is null.
ARTICLES += [
    _story("lorvania-budget", "Lorvanian finance minister resigns after parliament rejects budget",
           "Lorvan Courier", "2024-11-28", [
        "Lorvania's finance minister, Teodor Halmi, resigned on Wednesday evening, hours after parliament "
        "rejected his 2025 budget by 104 votes to 97, the first defeat of a government budget in the country "
        "since 1998.",
        "Prime Minister Sofia Renvall accepted the resignation and named the deputy finance minister, Irina "
        "Castell, as acting minister. Renvall said a revised budget would be put to parliament before 20 "
        "December.",
        "Together, the two coalition parties hold 101 of the 201 seats in parliament, a majority that has "
        "shrunk from 106 after defections over the past two years.",
        "“The country cannot start the new year without a budget, and it will not,” Renvall told reporters "
        "outside the government building in Lorvan. “We will listen to the concerns we heard today, but the "
        "basic numbers will not change.”",
        "The budget planned total spending of 38.6 billion crowns, an increase of 4 percent on this year, "
        "and a deficit of 2.9 percent of economic output. The most disputed measure was a rise in fuel duty "
        "of 12 cents a litre, which the government said would bring in 640 million crowns a year.",
        "Eleven members of the Rural Alliance, the smaller partner in the governing coalition, voted against "
        "the bill. Their leader, Piet Maarsen, had warned for weeks that the fuel duty would hit farmers and "
        "commuters in the north hardest.",
        "“We told the finance minister in September, in October and again last week that we could not vote "
        "for this,” Maarsen said. “Nobody should be surprised.” He said his party would stay in the "
        "coalition but would not support any budget that kept the fuel duty increase.",
        "Halmi, 58, an economist who worked at the central bank for two decades, had been finance minister "
        "since the coalition took office in June 2022. His previous budget, for 2024, passed comfortably by "
        "112 votes to 88 last December.",
        "Castell, a former tax official, joined the finance ministry as deputy minister in 2023 and led the "
        "government's talks with the Rural Alliance on the fuel duty this autumn.",
        "The leader of the opposition Social Democrats, Hanna Ostberg, called for an early election. “A "
        "government that cannot pass its own budget has lost the right to govern,” she said. Under the "
        "constitution, an early election can only be called if two thirds of parliament vote for it.",
        "The yield on Lorvania's ten-year government bonds rose to 3.4 percent on Thursday morning from 3.2 "
        "percent before the vote, and the crown weakened slightly against the euro.",
        "If no budget is passed by 31 December, the government can keep spending at this year's level, one "
        "month at a time, under emergency rules last used in 1998.",
    ]),
    _story("hallvik-results", "Hallvik Foods profit rises 12 percent as frozen meals sell strongly",
           "Business Northway", "2025-03-06", [
        "Hallvik Foods, the largest food producer in the Northway region, reported on Thursday a net profit "
        "of 186 million euros for 2024, up 12 percent from 166 million euros a year earlier, helped by "
        "strong sales of frozen ready meals.",
        "Revenue rose 6 percent to 2.41 billion euros. The frozen division, which makes up about a third of "
        "sales, grew 14 percent, while sales at the dairy division fell 2 percent after the loss of a "
        "supermarket contract in the spring.",
        "In the fourth quarter alone, profit rose 9 percent to 52 million euros.",
        "“People are cooking at home more, but they have less time, and our frozen range fits that,” chief "
        "executive Mirela Dunn said on a call with analysts. “We expect this trend to continue through "
        "2025.”",
        "The board proposed a dividend of 1.35 euros a share, up from 1.20 euros, and a share buyback of up "
        "to 50 million euros over the next twelve months. Shareholders will vote on the dividend at the "
        "annual meeting on 24 April.",
        "Hallvik shares rose 4.8 percent to 61.20 euros by midday, the biggest gain on the Northway stock "
        "exchange's main index.",
        "Analysts had expected a profit of about 178 million euros, according to a poll of eight brokers "
        "compiled by the company. Rasmus Thal, an analyst at Kestrel Securities, called the results “cleaner "
        "than expected”, but warned that higher prices for potatoes and vegetables would squeeze margins "
        "this year.",
        "Finance director Ola Brandt said Hallvik would spend about 120 million euros on a new frozen-food "
        "plant in Tessby, which will employ 340 people when it opens in 2027. The company employs about "
        "9,800 people in six countries.",
        "Net debt fell to 410 million euros at the end of the year, from 530 million euros a year earlier, "
        "helped by the sale of the company's pet food business to the investment firm Arden Capital for 95 "
        "million euros in July.",
        "Dunn said the company was not in talks about any acquisition, after reports in January that it had "
        "looked at buying the bakery group Kornhus. “We looked, we did not like the price, and we walked "
        "away,” she said.",
        "Hallvik also said it had cut the salt in its ready meals by an average of 18 percent since 2020, a "
        "target agreed with the national health agency.",
    ]),
    _story("meridian-pollution", "Court fines Meridian Water 4.2 million euros over sewage spills in the Alder",
           "Westmarch Post", "2024-05-17", [
        "A court in Westmarch fined the water company Meridian Water 4.2 million euros on Thursday for "
        "illegally discharging untreated sewage into the Alder river on 46 occasions between 2019 and 2022.",
        "Judge Ruth Calloway said the company had shown “a persistent disregard for the law” and had been "
        "warned repeatedly by the environment agency. She also ordered Meridian to pay 380,000 euros towards "
        "the costs of the prosecution.",
        "The discharges came from the company's treatment works at Fenbridge, where pumps failed again and "
        "again during heavy rain. Prosecutors said one spill in August 2021 lasted 31 hours and killed an "
        "estimated 12,000 fish along an eight-kilometre stretch of the river.",
        "Fenbridge treats waste water from about 95,000 homes. The environment agency first warned Meridian "
        "about the pumps in a letter in March 2019, and issued a formal notice the following year.",
        "“This was not bad luck or bad weather. It was a failure to maintain equipment that the company knew "
        "was broken,” prosecutor Daniel Ortiz told the court.",
        "Meridian pleaded guilty to all charges in February. Its lawyer, Simone Achterberg, said the company "
        "had since spent 27 million euros upgrading the Fenbridge works and had replaced its senior managers "
        "in the region.",
        "The law allows an unlimited fine. Judge Calloway said she had reduced the penalty by a third "
        "because the company had admitted the offences at the first opportunity.",
        "“We deeply regret the harm caused to the river. We accept the court's decision and will not "
        "appeal,” said Karen Liddell, a spokesperson for Meridian Water.",
        "The fine is the largest ever imposed on a water company in Westmarch. The previous record, 1.9 "
        "million euros, was imposed on Eastvale Utilities in 2018.",
        "Campaigners from the group Save the Alder, who first reported the spills, said the fine was welcome "
        "but small for a company that made an operating profit of 310 million euros last year. “For "
        "Meridian, this is a rounding error,” said the group's founder, Tomas Reid, a retired fisheries "
        "biologist.",
        "The environment agency said it was investigating a further 19 possible spills by Meridian at other "
        "sites.",
    ]),
    _story("dorran-measles", "Measles cases in Dorran province reach 214 as vaccination drive expands",
           "Health Desk Today", "2024-04-09", [
        "The number of confirmed measles cases in Dorran province has risen to 214 since the outbreak began "
        "in January, the provincial health department said on Tuesday, up from 151 two weeks ago.",
        "Thirty-eight patients, most of them children under five, have been treated in hospital, and one "
        "adult, a 34-year-old man with a weakened immune system, has died. In the whole of 2023 the province "
        "recorded 9 cases.",
        "“Measles is one of the most contagious diseases we know. One case can infect up to 18 people who "
        "are not protected,” said Dr Leona Farkas, the province's chief medical officer. “Vaccination is the "
        "only way to stop this.”",
        "Measles spreads through the air when an infected person coughs or sneezes. Symptoms include a high "
        "fever and a rash, and about one in five patients who are not vaccinated need hospital treatment, "
        "according to the national health institute.",
        "Among five-year-olds in Dorran, the share who had received the second dose of the measles vaccine "
        "fell to 81 percent last year, from 93 percent in 2019, well below the 95 percent that experts say "
        "is needed to stop the disease spreading.",
        "The health department will open 25 walk-in vaccination clinics in schools, shopping centres and "
        "libraries from next Monday, and pharmacies will be allowed to vaccinate adults born after 1970 free "
        "of charge.",
        "Most cases have been in the towns of Mirbeck and Holtz, where the outbreak started among pupils at "
        "a primary school. Mirbeck's mayor, Anton Szabo, said all schools in the town would check pupils' "
        "vaccination records this week.",
        "The neighbouring province of Westfall has reported 17 cases linked to the Dorran outbreak.",
        "Parents' groups said long waits for appointments with family doctors were partly to blame for the "
        "fall in vaccination. “We tried for three months to get an appointment,” said Marta Quell, a mother "
        "of two in Holtz.",
        "The national health institute said it was sending 40,000 extra doses to the province and a team of "
        "12 epidemiologists to help trace contacts.",
        "The provincial parliament's health committee will question Dorran's health minister, Petra Lind, "
        "about the outbreak next week. Opposition members accuse the provincial government of cutting the "
        "budget for school nurses, who used to check vaccination records, by 30 percent in 2021.",
    ]),
    _story("sponge-species", "Deep-sea expedition finds three new species of glass sponge on the Tessaly Ridge",
           "Science Weekly Review", None, [
        "Marine biologists from the University of Aldmoor have described three species of glass sponge that "
        "were unknown to science, collected at depths of up to 2,900 metres on the Tessaly Ridge, a chain of "
        "underwater mountains far off the coast.",
        "The findings, published in the Journal of Deep Sea Biology, are based on samples taken during an "
        "expedition of 41 days on the research vessel Halcyon. The team used a remotely operated vehicle to "
        "cut small pieces from the sponges without destroying them.",
        "The Halcyon, a 74-metre ship run by the national oceanographic service, carried 28 scientists and "
        "19 crew. Bad weather cost the team nine days at sea, during which no dives were possible.",
        "The largest of the three, named Euplectella tessalyensis, grows to about 60 centimetres tall. The "
        "smallest is the size of a thumbnail.",
        "“We went there expecting to find a few familiar species. Instead, nearly one in five of the animals "
        "we collected turned out to be new,” said Professor Maren Solheim, who led the expedition.",
        "In all, the expedition collected 1,340 specimens. About 250 of them may belong to undescribed "
        "species, and the team expects to publish descriptions of more of them over the next five years.",
        "Two of the new species were found living on the skeletons of dead sponges, which the researchers "
        "say suggests that the skeletons remain an important habitat long after the animals die.",
        "Glass sponges build their skeletons from silica, the main ingredient of glass. Some can live for "
        "thousands of years, and they give shelter to fish, crabs and starfish on an otherwise bare sea "
        "floor.",
        "Dr Kwame Asante, a sponge specialist at the Marine Institute in Port Lewin who was not involved in "
        "the study, said the work showed how little was known about the deep sea. “Every time someone looks "
        "carefully at a seamount, they find something new,” he said.",
        "The ridge lies in international waters, and two companies have applied for permits to explore it "
        "for minerals. The researchers said the sponges grow so slowly that damage from mining could take "
        "centuries to repair.",
        "The Ocean Floor Council, which regulates seabed mining in international waters, is expected to "
        "decide on the applications next year.",
    ]),
    _story("cup-final", "Portvale United beat Cressford 3-1 after extra time to win National Cup",
           "Sportsline Daily", "2025-05-25", [
        "Portvale United won the National Cup for the first time in 42 years on Saturday, beating Cressford "
        "Athletic 3-1 after extra time in front of 61,250 spectators at the Halberd Stadium.",
        "Cressford took the lead in the 18th minute through their captain, Jonah Reyes, who headed in a "
        "corner from Luka Venn. Portvale equalised three minutes before half-time when striker Emeka Obi "
        "scored from the penalty spot after a foul on winger Sami Lahti.",
        "The score stayed 1-1 through a tense second half in which Cressford hit the post twice. In the "
        "104th minute, substitute Dario Pelt, 19, turned in a low cross from Lahti to put Portvale ahead. "
        "Obi added his second goal in the 117th minute.",
        "“I came on and told myself I would get one chance. I did not expect it to be that clean,” said "
        "Pelt, who had played only six league matches this season.",
        "Obi's two goals took his total for the season to 23 in all competitions, one short of the club "
        "record set by Tomas Berg in 1979.",
        "Portvale coach Helena Stroud, who took over in November with the team 14th in the league, became "
        "the first woman to win the competition as a coach. “The players believed when nobody else did,” she "
        "said.",
        "Cressford's coach, Bernard Lisle, said his team had been the better side for an hour. “We missed "
        "our chances, and in a final you pay for that,” he said. Cressford also lost the final in 2022, "
        "against Ostley Rovers.",
        "Cressford had beaten Portvale twice in the league this season, 2-0 at home in September and 3-2 "
        "away in February.",
        "Portvale's previous cup win came in 1983, when they beat Ostley Rovers 2-0 in a replay.",
        "The victory earns Portvale a place in next season's continental competition and prize money of 3.5 "
        "million euros. Cressford receive 1.5 million euros as runners-up.",
        "The match was shown live on national television and drew an average audience of 3.2 million "
        "viewers, the broadcaster NTV said.",
        "About 2,000 supporters gathered in Portvale's harbour square on Sunday for a parade, police said.",
    ]),
    _story("nexa-3g", "Nexa to switch off 3G network in March, leaving older phones without data",
           "Tech Ledger", "2024-09-10", [
        "The mobile operator Nexa will switch off its 3G network on 31 March next year, freeing radio "
        "spectrum for faster 4G and 5G services, the company said on Tuesday.",
        "About 410,000 of Nexa's 6.2 million customers still use phones or devices that depend on 3G for "
        "calls or data, according to the company. Those with older phones will lose mobile data, and some "
        "will no longer be able to make calls.",
        "“3G served us well for more than 20 years, but it now carries less than 2 percent of our traffic,” "
        "said Nexa's chief technology officer, Priya Raman. “Keeping it running means using spectrum that "
        "could give millions of customers a faster connection.”",
        "Nexa will offer affected customers a basic 4G smartphone free of charge, or a discount of 100 euros "
        "on a more expensive model. Letters will go out to all affected customers in October.",
        "Customers can check whether their phone will be affected by sending a text message with the word "
        "CHECK to 3030, Nexa said.",
        "Consumer groups warn that the switch-off could affect more than phones. Security alarms, emergency "
        "phones in lifts and some card payment terminals also use 3G. The Digital Consumers Association said "
        "it had counted at least 30,000 home alarm systems that would stop working.",
        "“Older people living alone are the most at risk,” said Gerd Holm, the association's director. “Many "
        "do not know that their alarm uses a mobile network at all.”",
        "The National Communications Authority said it would require Nexa to publish weekly figures on how "
        "many customers remain on 3G. Its head, Lise Arnaud, said the regulator would not allow the date to "
        "move “unless something goes badly wrong”.",
        "Nexa's two competitors, Telvo and Aria Mobile, closed their 3G networks in 2023 and 2022. Telvo was "
        "criticised after about 4,000 of its customers lost service without warning.",
        "Nexa, the country's second-largest operator after Telvo, reported revenue of 2.9 billion euros last "
        "year. Its 5G network now covers 78 percent of the population, and it plans to reach 95 percent by "
        "the end of 2026.",
        "The 2G network, which many older devices use as a fallback, will stay in service until at least "
        "2028, Nexa said.",
    ]),
    _story("sorell-heat", "Sorell records hottest day ever as heatwave grips the south",
           "Southern Observer", "2023-07-19", [
        "The town of Sorell recorded a temperature of 43.1C on Tuesday afternoon, the highest ever measured "
        "in the country, the national weather service said. The previous record, 42.4C, was set in Castelmar "
        "in August 2003.",
        "Temperatures above 40C were recorded at 27 of the weather service's 180 stations, and the capital, "
        "Vennholt, reached 38.7C, its hottest day since 2019.",
        "Sorell, a town of about 28,000 people in the Varro valley, often records the country's highest "
        "summer temperatures because of its sheltered position and dry winds from the south.",
        "The weather service kept its highest warning level, red, in place for nine southern provinces until "
        "Friday. “Nights will stay very warm, above 25C in many places, which gives the body no chance to "
        "recover,” said forecaster Elin Dahl.",
        "Hospitals in the south reported a sharp rise in patients with heat exhaustion. At Sorell General "
        "Hospital, emergency admissions were 40 percent higher than on a normal summer day, said its medical "
        "director, Dr Yusuf Karaman.",
        "The health ministry advised people to stay indoors between 11am and 5pm and urged neighbours to "
        "check on elderly people living alone. Several cities opened air-conditioned public buildings as "
        "“cool rooms”.",
        "The rail operator Meralink cut speeds on 300 kilometres of track because of the risk that rails "
        "could buckle, and two regional lines were closed entirely on Tuesday.",
        "Firefighters fought 14 wildfires across the south on Monday and Tuesday. The largest, near the "
        "village of Osca, burned about 1,100 hectares of pine forest and forced 600 people to leave their "
        "homes.",
        "Farmers in the south said the heat was damaging maize and sunflower crops. The agricultural union "
        "said losses could reach 15 percent in the worst-hit areas.",
        "Professor Arno Weiss, a climate scientist at Vennholt University, said heatwaves of this strength "
        "had become about ten times more likely since the 1950s. “What was a once-in-a-century event is now "
        "something we should expect every ten years or so,” he said.",
        "Cooler air is expected to reach the south on Saturday, bringing thunderstorms and temperatures "
        "closer to 30C.",
    ]),
    _story("night-train", "Night train between Brannock and Vessen to return after 14 years",
           "Rail & Road Journal", "2025-01-14", [
        "A night train between Brannock and Vessen will run again from 1 June, 14 years after the last "
        "service was withdrawn, the state rail company Valtrain said on Monday.",
        "The train will leave Brannock at 21:40 and arrive in Vessen at 07:15 the next morning, a journey of "
        "940 kilometres. It will run three times a week in each direction at first, rising to daily in 2026 "
        "if demand is strong.",
        "Each train will have 11 carriages, including sleeping cars with two- and four-bed compartments, "
        "couchettes and a restaurant car. A couchette will start at 59 euros, and a private sleeping "
        "compartment for two at 249 euros.",
        "Each train will carry up to 380 passengers. Between Brannock and Vessen it will stop at Kelm, "
        "Harlen and Tissow, where passengers will be able to board until midnight.",
        "“People tell us they want to travel without flying, but they do not want to spend a whole day on "
        "trains. A night train gives them the day back,” said Valtrain's chief executive, Otto Lindgren.",
        "The service will cost about 18 million euros a year to run. The transport ministry will cover "
        "losses for the first five years, up to 6 million euros a year, transport minister Aline Becquet "
        "said.",
        "The previous night train on the route, withdrawn in May 2011, was carrying about 40,000 passengers "
        "a year when it was cancelled. Valtrain expects 90,000 passengers in the first full year.",
        "Night trains have been revived across the continent over the past decade as travellers look for "
        "alternatives to short flights. Valtrain ran 14 night routes in the 1990s but had closed all of them "
        "by 2012, citing falling demand and ageing carriages.",
        "The carriages, built in 2003, are being refurbished at a depot in Kelm for 22 million euros, paid "
        "by the ministry.",
        "The environmental group Green Transit welcomed the decision but said three trains a week were too "
        "few. “If you can only travel on Tuesdays, Thursdays and Saturdays, most people will still take the "
        "plane,” said campaigner Nadia Amsel.",
        "The airline Skyvale, which operates six daily flights between the two cities, declined to comment.",
        "Tickets go on sale on 3 March.",
    ]),
    _story("grennick-raid", "Three arrested after jewellery raid at Grennick shopping centre",
           "Grennick Evening News", "2024-02-02", [
        "Police in Grennick have arrested three men after an armed raid on a jewellery shop in the Harbour "
        "Gate shopping centre in which watches and rings worth an estimated 1.3 million euros were stolen.",
        "The raid took place shortly after 10am on Tuesday, when four masked men smashed display cases at "
        "the Aurum Jewellers store with hammers while shoppers watched. It lasted less than three minutes, "
        "police said.",
        "Two men, aged 24 and 31, were arrested on Wednesday at an address in the Lowfield district, and a "
        "third, aged 19, was detained at the city's main railway station on Thursday morning. A fourth "
        "suspect is still being sought.",
        "The three men are expected to appear before a magistrate in Grennick on Monday, charged with "
        "robbery and possession of offensive weapons.",
        "“We have recovered part of the stolen property, but not all of it, and we want to hear from anyone "
        "who was offered expensive watches in the last few days,” said Detective Inspector Carla Nunes, who "
        "is leading the investigation.",
        "About half of the stolen items, worth around 600,000 euros, were found in a car parked in Lowfield, "
        "police said. The car had been reported stolen in a neighbouring town in January.",
        "A security guard, 52, suffered a cut to his head when he tried to stop the men and was treated in "
        "hospital. He was released the same day.",
        "Several shoppers filmed the raid, and one video, showing a man in a grey hooded jacket swinging a "
        "hammer at a display case, has been viewed more than two million times online. Police asked people "
        "not to share it, saying it could affect a future trial.",
        "The shop's owner, Viktor Albescu, said the business had been in his family since 1962. “My father "
        "opened this shop. In sixty years we have never had anything like this,” he said.",
        "It was the second raid on a jewellery shop in Grennick in four months. In October, thieves stole "
        "items worth 250,000 euros from a shop in the old town; no one has been charged over that robbery. "
        "Police said they were investigating whether the two raids were linked.",
        "The centre's manager, Fiona Grady, said extra security staff would be on duty from next week and "
        "that 40 more cameras would be installed.",
    ]),
    _story("harrow-prize", "First-time novelist Lidia Marsh wins the Harrow Prize",
           "Literary Review Weekly", None, [
        "Lidia Marsh, a former hospital pharmacist, has won the Harrow Prize for fiction with her first "
        "novel, The Salt Orchard, beating five writers who had each published at least three books.",
        "The judges announced the winner at a dinner in Carrowby on Thursday evening. The prize is worth "
        "40,000 euros to the winner; each of the other five shortlisted authors receives 5,000 euros.",
        "The other shortlisted books included two novels set during the civil war of the 1920s, a comic "
        "novel about a failing hotel and a collection of linked stories by Sunniva Ekholm, who was "
        "shortlisted for the third time.",
        "The Salt Orchard follows three generations of a family of fruit growers on a coast that the sea is "
        "slowly swallowing. It sold about 6,000 copies in hardback before the shortlist was announced, "
        "according to its publisher, Greyfell Books.",
        "“It is a quiet book about very loud things: land, inheritance, grief,” said the chair of the "
        "judges, the historian Abel Moreno. “We chose it unanimously, and in the end quite quickly.”",
        "Marsh, 47, wrote the novel over seven years, mostly in the early mornings before her shifts. “I "
        "never told anyone at work I was writing. Some of them found out from the radio this morning,” she "
        "said.",
        "The favourite with bookmakers had been The Long Field, the ninth novel by Conrad Yael. Yael won the "
        "prize in 2016 with an earlier book, The Harbour Wall.",
        "The Harrow Prize was founded in 1979 by the publisher Margaret Harrow and is awarded each year to a "
        "novel by a writer living in the country.",
        "Last year's winner was Tobias Renner's Winter Roads. Sales of shortlisted books typically double in "
        "the weeks after the announcement, according to the Booksellers' Association, and the winner can "
        "expect to sell ten times as many copies.",
        "Greyfell Books said it had ordered a reprint of 50,000 copies and that translation rights had "
        "already been sold in four countries.",
        "Marsh said she would use the prize money to take a year off work. “I have started a second book. It "
        "has a lot of rain in it,” she said.",
    ]),
    _story("eastbrook-parking", "Eastbrook council raises parking charges to keep libraries open",
           "Eastbrook Chronicle", "2024-02-27", [
        "Eastbrook town council voted on Monday to raise parking charges in the town centre by up to 50 "
        "percent from April, and to use the extra money to keep all four of its public libraries open.",
        "An hour's parking in the central car parks will cost 2.40 euros, up from 1.60 euros. A full day "
        "will cost 12 euros, up from 9 euros. Parking on Sundays, free since 2015, will cost half the "
        "weekday rate.",
        "The council's finance chief, Greta Olofsson, said the rise would bring in about 850,000 euros a "
        "year. The libraries faced a gap of 700,000 euros after the regional government cut its grant to the "
        "council.",
        "Eastbrook, a market town of about 64,000 people, has 2,300 parking spaces in council car parks. The "
        "council says about 40 percent of the drivers who use them live outside the town.",
        "“It was a choice between closing the libraries in Northgate and Millford, or asking drivers to pay "
        "a bit more. I know which one our residents told us they preferred,” Olofsson said.",
        "The motion passed by 19 votes to 14. Councillor Frank Hadley, who leads the opposition group, said "
        "the increase would drive shoppers to the out-of-town retail park at Crossways, where parking is "
        "free.",
        "“Town centre shops are already struggling. Twelve have closed on the High Street since last "
        "summer,” Hadley said. “This is the last thing they need.”",
        "The Eastbrook Traders' Association said it had collected 2,600 signatures against the increase. Its "
        "chair, Nisha Patel, said members would ask the council to make the first 30 minutes free.",
        "The council will also introduce a resident parking permit in three streets near the railway "
        "station, at 60 euros a year.",
        "About 210,000 visits were made to Eastbrook's libraries last year, according to council figures. "
        "The Northgate branch, the smallest, opened in 1931 and is housed in a former bank.",
        "Council leader Harriet Quinn said a wider review of the council's finances would be published in "
        "June, and did not rule out further cuts. “The grant from the region has fallen by a quarter in five "
        "years,” she said.",
        "The new charges will be reviewed after twelve months.",
    ]),
    _story("kettle-bank-wind", "Kettle Bank offshore wind farm delivers first power",
           "Energy Monitor North", "2025-09-02", [
        "The Kettle Bank offshore wind farm, 38 kilometres off the coast at Harlow Point, delivered its "
        "first electricity to the grid on Monday, the developer Brightwater Energy said.",
        "When complete, the farm will have 72 turbines with a total capacity of 1,080 megawatts, enough to "
        "supply about 1.1 million homes. The first 12 turbines are now running, and the rest are due to be "
        "connected by the end of next year.",
        "Each turbine stands 260 metres tall to the tip of its blades and has a capacity of 15 megawatts. "
        "The project cost about 3.4 billion euros, including a new substation at Harlow Point.",
        "Kettle Bank is the country's fourth offshore wind farm and by far the largest. The biggest until "
        "now, Grey Sands, has 48 turbines and a capacity of 480 megawatts.",
        "“Today is the moment when a construction project becomes a power station,” said Brightwater's "
        "project director, Karin Solvang. “It has taken nine years from the first survey to the first "
        "electron.”",
        "The government has set a target of 30 gigawatts of offshore wind by 2035; the country has about 11 "
        "gigawatts in operation today. Energy minister Rafael Okonjo said Kettle Bank showed that the target "
        "was “ambitious but achievable”.",
        "Brightwater has agreed to sell the farm's electricity at a guaranteed price of 58 euros per "
        "megawatt hour for 15 years under a government contract. Wholesale power prices have averaged about "
        "85 euros per megawatt hour this year.",
        "Fishing groups opposed the project during planning, saying it would close rich fishing grounds. "
        "Brightwater agreed to pay 4 million euros into a fund for the local fishing industry. “It is not "
        "what we lost, but it is something,” said Halvard Nesse, chair of the Harlow Point Fishermen's "
        "Cooperative.",
        "The wind farm will be run from a new base in Harlow Point harbour, which will employ about 150 "
        "people. About 1,900 people worked on construction at its peak.",
        "The bird-protection charity Skyline said it would monitor the site for seabird collisions, in "
        "particular from the gannet colony on the island of Skerra, 20 kilometres to the north.",
    ]),
    _story("valmora-rates", "Bank of Valmora raises interest rate to 4.25 percent as inflation stays high",
           "Financial Courier", "2023-05-11", [
        "The Bank of Valmora raised its main interest rate by a quarter of a percentage point to 4.25 "
        "percent on Thursday, its eighth increase in a row, and said further rises could not be ruled out.",
        "Inflation in Valmora was 6.8 percent in April, down from a peak of 9.4 percent in October but still "
        "far above the bank's target of 2 percent, according to figures published last week by the "
        "statistics office.",
        "The bank's monetary policy committee voted 5 to 2 for the increase. The two members who disagreed, "
        "Lotte Verhaegen and Marcus Bell, wanted to keep the rate at 4 percent, arguing that earlier "
        "increases had not yet fully reached the economy.",
        "“We are seeing the first signs that inflation is coming down, but food prices and the prices of "
        "services are still rising quickly. It is too early to declare victory,” governor Elena Marchetti "
        "said at a press conference.",
        "The bank now expects inflation to fall to 3.5 percent by the end of the year and to reach its "
        "target in the second half of 2025. It expects the economy to grow by 0.4 percent this year, down "
        "from a forecast of 0.7 percent in February.",
        "The rise will add about 30 euros a month to the payments of a typical household with a "
        "variable-rate mortgage of 200,000 euros, according to the Valmora Banking Association.",
        "Since the bank began raising rates in January 2022, the average rate on new five-year fixed "
        "mortgages has risen from 1.9 percent to 5.1 percent, according to the banking association. House "
        "prices fell 4 percent in the year to March.",
        "The rate stood at 0.25 percent as recently as December 2021.",
        "Business groups criticised the decision. “Companies are already cutting investment. Every increase "
        "makes it harder to borrow and grow,” said Johan Riis, chief economist of the Chamber of Industry.",
        "Marchetti, whose term as governor ends in 2026, said the committee would look closely at wage "
        "figures due in early June.",
        "Economists polled by the Financial Courier had been split, with 11 of 20 expecting a rise and the "
        "rest expecting no change.",
        "The next rate decision is due on 22 June.",
    ]),
    _story("tarrow-teachers", "Tarrow region short of 1,100 teachers as school year starts",
           "Education Gazette", "2023-09-05", [
        "Schools in the Tarrow region began the new year on Monday with about 1,100 teaching posts unfilled, "
        "nearly twice as many as a year ago, according to figures from the regional education authority.",
        "The shortage is worst in mathematics, physics and special needs teaching. In mathematics alone, 240 "
        "posts are vacant across the region's 410 schools.",
        "The problem is not limited to Tarrow. Nationally, about 6,500 teaching posts were unfilled at the "
        "start of term, according to the education ministry, compared with 3,900 a year earlier.",
        "“We have classes of 34 children in some primary schools, and secondary schools where pupils are "
        "taught physics by a geography teacher,” said Ben Okafor, general secretary of the Tarrow Teachers' "
        "Union.",
        "The authority's director, Sylvie Marchand, said the region had hired 2,050 new teachers over the "
        "summer, but that even more had retired or left the profession. About 1,300 teachers left in the "
        "last school year, a record.",
        "“We are recruiting harder than ever. The problem is that we are losing people faster,” Marchand "
        "said.",
        "Marchand said that about a third of newly qualified teachers in the region leave the profession "
        "within five years.",
        "To fill gaps, the authority plans to let final-year teaching students teach up to eight hours a "
        "week, paid at 22 euros an hour, and to ask retired teachers to come back on short contracts.",
        "Starting salaries for teachers in Tarrow are 2,480 euros a month before tax, below the 2,900 euros "
        "paid in the neighbouring region of Lisk, the union says.",
        "Okafor said the union would hold a one-day strike on 12 October if the regional government did not "
        "agree to talks on pay and class sizes by the end of the month.",
        "Ivo Kranjc, who chairs the regional parents' association, said some families had been told that "
        "their children would have no French lessons this term.",
        "The regional government will debate a plan next month to pay a bonus of 3,000 euros to teachers who "
        "agree to work in the schools with the most vacancies.",
    ]),
    _story("karst-wolves", "Wolf numbers in the Karst Hills rise to 86, survey finds",
           "Countryside Today", None, [
        "The number of wolves living in the Karst Hills has risen to at least 86, up from 59 two years ago, "
        "according to a survey by the regional wildlife service published on Wednesday.",
        "The Karst Hills, a limestone upland of forest and pasture, are home to about 24,000 people, most of "
        "them in small villages. Tourism, much of it built around hiking, has grown in recent years.",
        "Researchers identified 11 packs and four lone wolves using DNA from droppings and hair, as well as "
        "220 camera traps spread across an area of about 3,500 square kilometres.",
        "Wolves returned to the hills in 2011 after an absence of more than a century. The last wolf in the "
        "region before that was shot in 1897.",
        "“The population is healthy and growing, but it is still small and vulnerable to road deaths and "
        "illegal shooting,” said Dr Sanne Vogel, the ecologist who led the survey. Nine wolves were found "
        "dead in the two years covered by the survey, six of them killed by vehicles.",
        "Farmers say the growth has come at a cost. Sheep farmers reported 312 animals killed by wolves last "
        "year, compared with 190 the year before, and the regional government paid 148,000 euros in "
        "compensation.",
        "Wolves in the region mainly eat roe deer and wild boar, according to the survey, which analysed 600 "
        "samples of droppings. Sheep made up about 7 percent of their diet.",
        "“We are not against wolves. We are against losing sheep every week,” said Bram Hendriks, who keeps "
        "400 sheep near the village of Ulvedal and chairs the regional sheep breeders' association.",
        "The regional government offers farmers grants covering 80 percent of the cost of electric fencing "
        "and guard dogs. About 140 farms have used the scheme since it began in 2019.",
        "Environment councillor Mira Jansen said the region would not allow wolves to be hunted, but would "
        "consider removing individual animals that repeatedly attacked protected flocks.",
        "In the neighbouring province of Lessa, where wolves may be hunted under a yearly quota, numbers "
        "have stayed at about 40 since 2018.",
        "The next survey is planned for the winter after next.",
    ]),
    _story("farrow-breach", "Hackers stole data of 2.3 million Farrow Insurance customers",
           "Digital Times", "2025-07-22", [
        "Farrow Insurance said on Monday that hackers had stolen the names, addresses and dates of birth of "
        "about 2.3 million customers in an attack on its systems in June, and that the bank details of about "
        "180,000 of them had also been taken.",
        "Farrow, founded in 1921, is the country's third-largest insurer, with about 4.1 million customers "
        "for car, home and life insurance.",
        "The company discovered the intrusion on 14 June, but the attackers had been inside its network "
        "since at least 2 May, according to an investigation by the cyber security firm Halden Cyber.",
        "“We are deeply sorry. Our customers trusted us with their information, and we let them down,” chief "
        "executive Martin Aske said in a video message to customers.",
        "Farrow said it had found no evidence that the data had been published or sold, but warned customers "
        "to watch for fraudulent emails and phone calls. It is offering two years of free credit monitoring "
        "to everyone affected.",
        "Customers whose bank details were taken will receive letters this week. Farrow has set up a "
        "helpline that will be open seven days a week until the end of September, and said it had received "
        "about 35,000 calls in the first hours after the announcement.",
        "A group calling itself BlackHarbour has claimed responsibility and demanded a ransom of 8 million "
        "euros in cryptocurrency, according to a person familiar with the matter. Farrow declined to say "
        "whether it had paid.",
        "The data protection commissioner, Ilse Brandauer, said her office had opened an investigation. "
        "Companies can be fined up to 4 percent of their global annual turnover for serious breaches. "
        "Farrow's turnover was 5.6 billion euros last year.",
        "“The key question is why it took six weeks to notice someone inside the network,” said Tariq "
        "Hussain, a security researcher at the Coldharbour Institute of Technology.",
        "It was the second major breach at an insurer this year. In March, the health insurer Vitalis said "
        "the data of 600,000 members had been stolen.",
        "Farrow shares fell 3.1 percent in Monday trading.",
    ]),
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

# Questions on the longer stories; several need a distractor told apart (two figures, two people).
QUESTIONS += [
    ("lorvania-budget", "What was the result of the parliamentary vote on Lorvania's 2025 budget?",
     ["104 votes to 97"]),
    ("lorvania-budget", "Who is standing in as Lorvania's finance minister after Halmi quit?", ["Irina Castell"]),
    ("lorvania-budget", "How much money a year was the higher fuel duty supposed to raise?", ["640 million crowns"]),
    ("lorvania-budget", "Which coalition party leader said he had warned the finance minister several times?",
     ["Piet Maarsen"]),
    ("hallvik-results", "What was Hallvik Foods' net profit for the full year 2024?", ["186 million euros"]),
    ("hallvik-results", "What dividend per share is Hallvik's board proposing?", ["1.35 euros"]),
    ("hallvik-results", "How many people will work at Hallvik's new factory in Tessby?", ["340"]),
    ("hallvik-results", "Who is the finance director of Hallvik Foods?", ["Ola Brandt"]),
    ("meridian-pollution", "How large a fine did the court give Meridian Water?", ["4.2 million euros"]),
    ("meridian-pollution", "How many fish were killed by the sewage spill in August 2021?", ["12,000"]),
    ("meridian-pollution", "Which judge sentenced Meridian Water?", ["Ruth Calloway"]),
    ("meridian-pollution", "How much has Meridian invested in the Fenbridge works since the spills?",
     ["27 million euros"]),
    ("dorran-measles", "How many confirmed measles cases has Dorran province had since January?", ["214"]),
    ("dorran-measles", "What percentage of Dorran's five-year-olds had the second measles jab last year?",
     ["81 percent"]),
    ("dorran-measles", "Who is the chief medical officer of Dorran province?", ["Leona Farkas"]),
    ("dorran-measles", "How many walk-in clinics is the health department opening for measles jabs?", ["25"]),
    ("sponge-species", "How many previously unknown glass sponge species did the Aldmoor biologists describe?",
     ["three"]),
    ("sponge-species", "At what depth were the new glass sponges collected?", ["2,900 metres"]),
    ("sponge-species", "How long was the Halcyon's expedition to the Tessaly Ridge?", ["41 days"]),
    ("sponge-species", "Which scientist was in charge of the sponge expedition?", ["Maren Solheim"]),
    ("sponge-species", "How many specimens did the expedition bring back in total?", ["1,340"]),
    ("cup-final", "Who scored Portvale's extra-time goal that gave them the lead in the cup final?", ["Dario Pelt"]),
    ("cup-final", "How many spectators watched the National Cup final in the stadium?", ["61,250"]),
    ("cup-final", "In which year had Portvale last won the National Cup?", ["1983"]),
    ("cup-final", "How much prize money does Portvale get for winning the cup?", ["3.5 million euros"]),
    ("cup-final", "Who is the coach of Portvale United?", ["Helena Stroud"]),
    ("nexa-3g", "On what date will Nexa turn off its 3G network?", ["31 March"]),
    ("nexa-3g", "How many Nexa customers still depend on 3G?", ["410,000"]),
    ("nexa-3g", "How big a discount will Nexa give on a more expensive phone?", ["100 euros"]),
    ("nexa-3g", "Who is the director of the Digital Consumers Association?", ["Gerd Holm"]),
    ("sorell-heat", "What was the temperature in Sorell on the record-breaking day?", ["43.1C"]),
    ("sorell-heat", "Where had the old national heat record been measured?", ["Castelmar"]),
    ("sorell-heat", "How many people had to leave their homes because of the wildfire near Osca?", ["600"]),
    ("sorell-heat", "Which forecaster warned that nights would stay very warm?", ["Elin Dahl"]),
    ("night-train", "From what date will the night train between Brannock and Vessen run?", ["1 June"]),
    ("night-train", "What is the cheapest price for a couchette on the Brannock–Vessen night train?", ["59 euros"]),
    ("night-train", "How many passengers does Valtrain hope to carry in the first full year?", ["90,000"]),
    ("night-train", "Who is the transport minister who promised to cover the night train's losses?", ["Aline Becquet"]),
    ("night-train", "When can people start buying tickets for the night train?", ["3 March"]),
    ("grennick-raid", "What were the watches and rings stolen from Aurum Jewellers worth?", ["1.3 million euros"]),
    ("grennick-raid", "Which detective is in charge of the Grennick jewellery raid inquiry?", ["Carla Nunes"]),
    ("grennick-raid", "Where was the 19-year-old suspect detained?", ["main railway station"]),
    ("grennick-raid", "Since what year has Viktor Albescu's family run the shop?", ["1962"]),
    ("harrow-prize", "What is the name of the novel that won the Harrow Prize?", ["The Salt Orchard"]),
    ("harrow-prize", "How much prize money does the Harrow Prize winner get?", ["40,000 euros"]),
    ("harrow-prize", "Who chaired the Harrow Prize judges?", ["Abel Moreno"]),
    ("harrow-prize", "How many copies is Greyfell Books reprinting after the win?", ["50,000"]),
    ("eastbrook-parking", "What will an hour in Eastbrook's central car parks cost from April?", ["2.40 euros"]),
    ("eastbrook-parking", "How much extra money a year will the higher parking charges raise?", ["850,000 euros"]),
    ("eastbrook-parking", "Who chairs the Eastbrook Traders' Association?", ["Nisha Patel"]),
    ("eastbrook-parking", "How many signatures did the traders gather against the parking rise?", ["2,600"]),
    ("kettle-bank-wind", "How many turbines will Kettle Bank have once it is finished?", ["72"]),
    ("kettle-bank-wind", "What guaranteed price will Brightwater get for Kettle Bank's electricity?",
     ["58 euros per megawatt hour"]),
    ("kettle-bank-wind", "How far from the coast is the Kettle Bank wind farm?", ["38 kilometres"]),
    ("kettle-bank-wind", "Who is the energy minister who called the offshore wind target achievable?",
     ["Rafael Okonjo"]),
    ("valmora-rates", "What is the Bank of Valmora's main interest rate after the latest increase?", ["4.25 percent"]),
    ("valmora-rates", "What was the inflation rate in Valmora in April?", ["6.8 percent"]),
    ("valmora-rates", "Who is the governor of the Bank of Valmora?", ["Elena Marchetti"]),
    ("valmora-rates", "How much more a month will a typical variable-rate mortgage cost?", ["30 euros"]),
    ("valmora-rates", "When will the Bank of Valmora next decide on interest rates?", ["22 June"]),
    ("tarrow-teachers", "How many teaching jobs were empty in Tarrow at the start of the school year?", ["1,100"]),
    ("tarrow-teachers", "How many new teachers did Tarrow recruit over the summer?", ["2,050"]),
    ("tarrow-teachers", "What does a newly hired teacher in Tarrow earn per month?", ["2,480 euros"]),
    ("tarrow-teachers", "Who is the general secretary of the Tarrow Teachers' Union?", ["Ben Okafor"]),
    ("karst-wolves", "How many wolves now live in the Karst Hills, according to the survey?", ["86"]),
    ("karst-wolves", "How many sheep did wolves kill in the Karst Hills last year?", ["312"]),
    ("karst-wolves", "In what year did wolves come back to the Karst Hills?", ["2011"]),
    ("karst-wolves", "Which ecologist led the wolf survey?", ["Sanne Vogel"]),
    ("farrow-breach", "How many Farrow customers had their bank details stolen?", ["180,000"]),
    ("farrow-breach", "On what date did Farrow Insurance discover the hack?", ["14 June"]),
    ("farrow-breach", "How much ransom did the hackers ask Farrow for?", ["8 million euros"]),
    ("farrow-breach", "Who is the data protection commissioner investigating the Farrow breach?", ["Ilse Brandauer"]),
]

# Questions about a story whose answer no article in the set gives.
UNANSWERABLE = [
    ("tram-extension", "Which party does councillor Marek Dobos belong to?"),
    ("wheat-drought", "How many farms are there in the Valdera region?"),
    ("hospital-strike", "How much will the nurses' pay deal cost the health budget each year?"),
    ("lorvania-budget", "How old is Lorvania's acting finance minister Irina Castell?"),
    ("hallvik-results", "What price did Hallvik consider paying for the bakery group Kornhus?"),
    ("meridian-pollution", "Who is the chief executive of Meridian Water?"),
    ("dorran-measles", "How many people in Dorran have been vaccinated since the measles outbreak began?"),
    ("sponge-species", "How much did the Halcyon expedition to the Tessaly Ridge cost?"),
    ("cup-final", "Who refereed the National Cup final between Portvale and Cressford?"),
    ("nexa-3g", "How much will switching off the 3G network cost Nexa?"),
    ("sorell-heat", "How many people died in the heatwave in the south?"),
    ("night-train", "How many staff will work on board each Brannock–Vessen night train?"),
    ("grennick-raid", "What are the names of the men arrested over the Grennick jewellery raid?"),
    ("harrow-prize", "What is the title of Lidia Marsh's second novel?"),
    ("eastbrook-parking", "How many staff work in Eastbrook's four libraries?"),
    ("kettle-bank-wind", "Which company built the turbines for the Kettle Bank wind farm?"),
    ("valmora-rates", "What is the unemployment rate in Valmora?"),
    ("tarrow-teachers", "How many pupils go to school in the Tarrow region?"),
    ("karst-wolves", "How many wolf pups were born in the Karst Hills this year?"),
    ("farrow-breach", "How did the hackers get into Farrow Insurance's network?"),
]

# Questions that no article in this set (nor in seeds/) is about.
OFFTOPIC = [
    "Who won the men's singles title at Wimbledon in 2008?",
    "What is the speed of light in a vacuum?",
    "How long should I boil an egg to get a soft yolk?",
    "In which year did the Berlin Wall fall?",
    "Who painted the ceiling of the Sistine Chapel?",
    "What is the chemical symbol for gold?",
    "How many moons does Jupiter have?",
    "What is a good recipe for banana bread?",
    "Who was the first person to walk on the Moon?",
    "What is the capital of Australia?",
    "How many players does a basketball team have on court at once?",
    "When was the Magna Carta sealed?",
    "Which actor played Jack Dawson in the film Titanic?",
    "What is the highest mountain in Africa?",
    "How do you make pizza dough without yeast?",
    "Who composed the opera The Magic Flute?",
    "How does photosynthesis work?",
    "How many bones are there in the adult human body?",
    "Which country won the Rugby World Cup in 1995?",
    "At what temperature does water boil in degrees Fahrenheit?",
    "Which planet is known as the Red Planet?",
    "Who invented the telephone?",
    "When did the First World War end?",
    "How many strings does a standard violin have?",
    "Which singer released the album Thriller?",
    "What is the longest river in South America?",
    "How do I get a red wine stain out of a carpet?",
    "Who wrote Pride and Prejudice?",
    "What language is spoken in Brazil?",
    "How many squares are there on a chess board?",
]

if __name__ == "__main__":
    here = Path(__file__).parent
    with (here / "articles.jsonl").open("w", encoding="utf-8") as f:
        for article in ARTICLES:
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    records = [(article_id, question, answers, False) for article_id, question, answers in QUESTIONS]
    records += [(article_id, question, [], True) for article_id, question in UNANSWERABLE]
    with (here / "questions.jsonl").open("w", encoding="utf-8") as f:
        for i, (article_id, question, answers, impossible) in enumerate(records):
            record = {"id": f"news-{i:02d}", "question": question, "answers": answers,
                      "article_id": article_id, "is_impossible": impossible}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (here / "offtopic.jsonl").open("w", encoding="utf-8") as f:
        for i, question in enumerate(OFFTOPIC):
            f.write(json.dumps({"id": f"off-{i:02d}", "question": question}, ensure_ascii=False) + "\n")
